-- Re-delivers events to one subscription, all or nothing: each goes back into the
-- subscription's queue as a first attempt under its own event id (so the same webhook-id),
-- and the event's record shows the delivery as pending again, its past attempts kept.
-- KEYS[1] the subscription's queue   KEYS[2] its dead letters   KEYS[3..] the events' records
-- ARGV[1] subscription id   ARGV[2] now (RFC 3339)
-- ARGV[3] "dead": the items are the oldest dead letters, taken off the list (refused with -1
--         if the list changed since they were read); "events": they are not
-- ARGV[4..] one item per record, newest first: JSON with event, type and tail
-- Returns how many were queued, or -1.
local n = #ARGV - 3
if ARGV[3] == 'dead' and n > 0 then
  local oldest = redis.call('LRANGE', KEYS[2], -n, -1)
  if #oldest ~= n then return -1 end
  for i = 1, n do
    if oldest[i] ~= ARGV[3 + i] then return -1 end
  end
  redis.call('LTRIM', KEYS[2], 0, -(n + 1))
end
local field = 'sub:' .. ARGV[1]
for i = n, 1, -1 do  -- oldest first
  local p = cjson.decode(ARGV[3 + i])
  redis.call('XADD', KEYS[1], '*', 'event', p.event, 'type', p.type, 'tail', p.tail,
    'attempt', 1)
  local record = KEYS[2 + i]
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
return n
