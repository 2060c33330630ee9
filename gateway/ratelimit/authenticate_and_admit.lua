-- Authenticates an API key and charges its GCRA rate limit in one round trip.
-- Runs atomically in Redis and reads Redis' clock, so any number of gateway processes sharing
-- this Redis see one exact limit per key.
--
-- KEYS[1]  the key record (hash): secret_hash, tenant, revoked_at, rate, period_ms, burst
-- KEYS[2]  the key's GCRA state: its theoretical arrival time (TAT), in microseconds
-- ARGV[1]  SHA-256 (hex) of the presented key
-- ARGV[2]  cost of this request (requests)
-- ARGV[3..5]  default rate, period_ms, burst (for keys whose tenant has no limit of its own)
--
-- Returns {0} when the key is unknown, revoked or wrong, without charging anything;
-- otherwise {status, tenant, burst, remaining, reset_ms, retry_after_ms, rate, period_ms}
-- with status 1 (admitted) or 2 (limited).
if redis.replicate_commands then redis.replicate_commands() end

local rec = redis.call('HMGET', KEYS[1], 'secret_hash', 'tenant', 'revoked_at', 'rate',
                       'period_ms', 'burst')
if not rec[1] or rec[1] ~= ARGV[1] or rec[3] then
  return {0}
end

local cost = tonumber(ARGV[2])
local rate = tonumber(rec[4]) or tonumber(ARGV[3])
local period_ms = tonumber(rec[5]) or tonumber(ARGV[4])
local burst = tonumber(rec[6]) or tonumber(ARGV[5])

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
-- Emission interval: microseconds one request "costs"; burst intervals of credit at most.
local interval = math.max(1, math.floor(period_ms * 1000 / rate))
local tolerance = interval * burst

local tat = tonumber(redis.call('GET', KEYS[2])) or now
if tat < now then tat = now end
local new_tat = tat + interval * cost
local allow_at = new_tat - tolerance

if now < allow_at then
  local remaining_ms = math.ceil((tat - now) / 1000)
  return {2, rec[2], burst, 0, remaining_ms, math.ceil((allow_at - now) / 1000), rate, period_ms}
end

redis.call('SET', KEYS[2], string.format('%d', new_tat), 'PX', math.ceil((new_tat - now) / 1000) + 1)
local remaining = math.floor((now - allow_at) / interval)
return {1, rec[2], burst, remaining, math.ceil((new_tat - now) / 1000), 0, rate, period_ms}
