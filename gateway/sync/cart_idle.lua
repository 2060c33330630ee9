-- Compare-and-act on one entry of the abandonment schedule (zset: member -> due ms), so that
-- of several gateway processes one re-checks a due cart, and a newer change that rescheduled
-- the cart meanwhile is never undone.
-- KEYS[1] the schedule   ARGV[1] member   ARGV[2] "claim" | "finish" | "retry"
-- claim:  ARGV[3] now (ms), ARGV[4] claim until (ms). Due entries move to ARGV[4]; returns
--         the new score, or false when the entry is gone or not due.
-- finish: ARGV[3] the claimed score. Removes the entry if nobody rescheduled it.
-- retry:  ARGV[3] the claimed score, ARGV[4] when to try again (ms).
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score then return false end
if ARGV[2] == 'claim' then
  if tonumber(score) > tonumber(ARGV[3]) then return false end
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  return ARGV[4]
end
if tonumber(score) ~= tonumber(ARGV[3]) then return false end
if ARGV[2] == 'finish' then
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
end
return ARGV[3]
