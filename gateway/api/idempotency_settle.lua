-- Records how the write that holds an Idempotency-Key ended; only its owner may.
-- KEYS[1] the key's record (idempotency_claim.lua)
-- ARGV[1] the owner's request id   ARGV[2] done | unknown | released
-- ARGV[3] answer status   ARGV[4] answer body   ARGV[5] time to live (s)
-- done: the answer is kept for repeats, ARGV[5] from now. unknown: the next claim reconciles.
-- released: nothing reached the platform, so the key is free again.
-- Returns 1, or 0 when another request has taken the key over (its lease had run out).
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
if ARGV[2] == 'released' then
  redis.call('DEL', KEYS[1])
elseif ARGV[2] == 'done' then
  redis.call('HSET', KEYS[1], 'state', 'done', 'status', ARGV[3], 'body', ARGV[4])
  redis.call('EXPIRE', KEYS[1], ARGV[5])
else
  redis.call('HSET', KEYS[1], 'state', 'unknown', 'lease', 0)
end
return 1
