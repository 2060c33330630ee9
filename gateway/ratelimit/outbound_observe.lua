-- Corrects a store's outbound budget with what the platform just reported: the units it says
-- are left (X-Rate-Limit-Requests-Left, throttleStatus.currentlyAvailable), its bucket size,
-- and, after a 429 or THROTTLED answer, how long to stay away.
--
-- KEYS[1]  the store's bucket (hash), as in outbound_acquire.lua
-- ARGV[1]  remaining units, or -1 when not reported
-- ARGV[2]  capacity, or -1 when not reported
-- ARGV[3]  block for this many ms (0: no block)
-- ARGV[4]  state TTL, ms
-- ARGV[5]  ms until the platform's window resets, or -1 (a leaky bucket has none): the units
--          left are all there is until then, so the bucket refills from the reset on
if redis.replicate_commands then redis.replicate_commands() end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local remaining = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local block_ms = tonumber(ARGV[3])
if capacity >= 0 then redis.call('HSET', KEYS[1], 'capacity', tostring(capacity)) end
if remaining >= 0 then
  -- The platform's count is the truth (it also counts other apps on the same store).
  local reset = tonumber(ARGV[5]) or -1
  redis.call('HSET', KEYS[1], 'tokens', tostring(remaining), 'ts', now + math.max(0, reset))
end
if block_ms > 0 then
  local until_ms = now + block_ms
  local current = tonumber(redis.call('HGET', KEYS[1], 'blocked_until')) or 0
  if until_ms > current then redis.call('HSET', KEYS[1], 'blocked_until', until_ms) end
  redis.call('HSET', KEYS[1], 'tokens', '0', 'ts', now)
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
