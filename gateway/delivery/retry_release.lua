-- Moves one due retry back into its subscription's queue, once even if several gateway
-- processes find it due at the same moment.
-- KEYS[1] retry schedule  KEYS[2] the subscription's queue
-- ARGV[1] the schedule member (JSON: event, type, tail, attempt)
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
local p = cjson.decode(ARGV[1])
redis.call('XADD', KEYS[2], '*', 'event', p.event, 'type', p.type, 'tail', p.tail,
  'attempt', p.attempt)
return 1
