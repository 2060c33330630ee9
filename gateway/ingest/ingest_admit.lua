-- Admits one webhook delivery against two GCRA limits at once: its source address and the
-- ingest address (store) it is sent to. Runs before the store is loaded, before any credential
-- is decrypted and before any signature is computed, so a flood costs one Redis call each.
-- Both limits are charged only when both admit.
-- KEYS[1] the source address' TAT   KEYS[2] the store's TAT (microseconds, Redis' clock)
-- ARGV[1] source interval (us)  ARGV[2] source burst  ARGV[3] store interval (us)
-- ARGV[4] store burst
-- Returns {1} when admitted, {0, retry_after_ms} when not.
if redis.replicate_commands then redis.replicate_commands() end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local function next_tat(key, interval, burst)
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  local new_tat = tat + interval
  local allow_at = new_tat - interval * burst
  return new_tat, allow_at
end

local ip_interval, ip_burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local st_interval, st_burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local ip_tat, ip_allow = next_tat(KEYS[1], ip_interval, ip_burst)
local st_tat, st_allow = next_tat(KEYS[2], st_interval, st_burst)
local allow_at = math.max(ip_allow, st_allow)
if now < allow_at then
  return {0, math.ceil((allow_at - now) / 1000)}
end
redis.call('SET', KEYS[1], string.format('%d', ip_tat), 'PX', math.ceil((ip_tat - now) / 1000) + 1)
redis.call('SET', KEYS[2], string.format('%d', st_tat), 'PX', math.ceil((st_tat - now) / 1000) + 1)
return {1}
