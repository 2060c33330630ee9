-- Keeps one operation's result, once: the first result recorded for an index stands (a runner
-- whose lease lapsed may finish the same operation as its successor; both ran it under the
-- same Idempotency-Key, so their answers agree). The last result finishes the job.
-- KEYS[1] the job (hash)   KEYS[2] its results (hash: index -> JSON)   KEYS[3] its operations
-- KEYS[4] the tenant's unfinished jobs (zset)
-- ARGV[1] index   ARGV[2] 'succeeded' | 'failed'   ARGV[3] the result (JSON)   ARGV[4] now (ms)
-- ARGV[5] time to live once finished (s)   ARGV[6] job id
-- Returns 1 when this result finished the job, else 0.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[3]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[2], 1)
redis.call('HSET', KEYS[1], 'updated', ARGV[4])
local total = tonumber(redis.call('HGET', KEYS[1], 'total'))
if redis.call('HLEN', KEYS[2]) < total then
  redis.call('EXPIRE', KEYS[2], redis.call('TTL', KEYS[1]))
  return 0
end
redis.call('HSET', KEYS[1], 'state', 'done', 'finished', ARGV[4])
for i = 1, 3 do redis.call('EXPIRE', KEYS[i], ARGV[5]) end
redis.call('ZREM', KEYS[4], ARGV[6])
return 1
