-- Records the end of one delivery attempt, all or nothing: the queue entry is acknowledged and
-- removed, the attempt is added to the event's record, and the delivery is either done,
-- scheduled again or dead-lettered. The subscription's health follows.
-- KEYS[1] queue  KEYS[2] event record  KEYS[3] retry schedule  KEYS[4] dead letters
-- KEYS[5] subscription health   KEYS[6] the subscription's delivery slots (delivery_take)
-- ARGV[1] queue entry id  ARGV[2] subscription id  ARGV[3] outcome: delivered|retry|dead
-- ARGV[4] the attempt (JSON object)  ARGV[5] retry due (ms)  ARGV[6] retry/dead payload (JSON)
-- ARGV[7] now (RFC 3339)  ARGV[8] error text (failures)
-- Returns the subscription's consecutive failures after this attempt.
redis.call('XACK', KEYS[1], 'delivery', ARGV[1])
redis.call('XDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[6], ARGV[1])

local outcome = ARGV[3]
if redis.call('EXISTS', KEYS[2]) == 1 then
  local field = 'sub:' .. ARGV[2]
  local state = redis.call('HGET', KEYS[2], field)
  local s = state and cjson.decode(state) or {attempts = {}}
  if type(s.attempts) ~= 'table' then s.attempts = {} end
  table.insert(s.attempts, cjson.decode(ARGV[4]))
  while #s.attempts > 20 do table.remove(s.attempts, 1) end
  if outcome == 'delivered' then
    s.status = 'delivered'
    s.next_attempt_at = nil
  elseif outcome == 'retry' then
    s.status = 'retrying'
    s.next_attempt_ms = tonumber(ARGV[5])
  else
    s.status = 'dead_letter'
  end
  redis.call('HSET', KEYS[2], field, cjson.encode(s))
end

if outcome == 'retry' then
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[6])
elseif outcome == 'dead' then
  redis.call('LPUSH', KEYS[4], ARGV[6])
  redis.call('LTRIM', KEYS[4], 0, 99999)
end

if outcome == 'delivered' then
  redis.call('HSET', KEYS[5], 'consecutive_failures', 0, 'last_success_at', ARGV[7])
  return 0
end
redis.call('HSET', KEYS[5], 'last_failure_at', ARGV[7], 'last_error', ARGV[8])
return redis.call('HINCRBY', KEYS[5], 'consecutive_failures', 1)
