-- Re-delivers events to one subscription, all or nothing: each goes back into the
-- subscription's queue as a first attempt under its own event id (so the same webhook-id),
-- and the event's record shows the delivery as pending again, its past attempts kept.
-- The tenant's replays are bounded per hour, and the queue by its length cap: a replay that
-- would pass either is refused whole.
-- KEYS[1] the subscription's queue   KEYS[2] its dead letters
-- KEYS[3] the tenant's replay count of this hour   KEYS[4..] the events' records
-- ARGV[1] subscription id   ARGV[2] now (RFC 3339)
-- ARGV[3] "dead": the items are the oldest dead letters, taken off the list (refused with -1
--         if the list changed since they were read); "events": they are not
-- ARGV[4] events the tenant may replay per hour   ARGV[5] the queue's length cap
-- ARGV[6..] one item per record, newest first: JSON with event, type and tail
-- Returns how many were queued, -1 (dead letters changed), -2 (hourly replay limit) or
-- -3 (the queue would pass its cap).
local first = 6
local n = #ARGV - (first - 1)
local used = tonumber(redis.call('GET', KEYS[3])) or 0
if used + n > tonumber(ARGV[4]) then return -2 end
if redis.call('XLEN', KEYS[1]) + n > tonumber(ARGV[5]) then return -3 end
if ARGV[3] == 'dead' and n > 0 then
  local oldest = redis.call('LRANGE', KEYS[2], -n, -1)
  if #oldest ~= n then return -1 end
  for i = 1, n do
    if oldest[i] ~= ARGV[first - 1 + i] then return -1 end
  end
  redis.call('LTRIM', KEYS[2], 0, -(n + 1))
end
local field = 'sub:' .. ARGV[1]
for i = n, 1, -1 do  -- oldest first
  local p = cjson.decode(ARGV[first - 1 + i])
  redis.call('XADD', KEYS[1], '*', 'event', p.event, 'type', p.type, 'tail', p.tail,
    'attempt', 1)
  local record = KEYS[3 + i]
  if redis.call('EXISTS', record) == 1 then
    local state = redis.call('HGET', record, field)
    local s = state and cjson.decode(state) or {}
    if type(s.attempts) ~= 'table' then s.attempts = {} end
    s.status = 'pending'
    s.reason = nil
    s.next_attempt_ms = nil
    s.replayed_at = ARGV[2]
    redis.call('HSET', record, field, cjson.encode(s))
  end
end
if n > 0 then
  redis.call('INCRBY', KEYS[3], n)
  redis.call('EXPIRE', KEYS[3], 3700)
end
return n
