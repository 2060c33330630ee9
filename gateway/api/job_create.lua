-- Stores a new batch job, or finds the one an earlier request with the same Idempotency-Key
-- made (its id is derived from the key, so a repeat lands here).
-- KEYS[1] the job (hash)   KEYS[2] its operations (list)   KEYS[3] the tenant's jobs (zset)
-- KEYS[4] the tenant's unfinished jobs (zset: id -> created ms)
-- ARGV[1] job id   ARGV[2] operation   ARGV[3] fingerprint   ARGV[4] now (ms)
-- ARGV[5] the creating request's id   ARGV[6] time to live while unfinished (s)
-- ARGV[7] most unfinished jobs a tenant may have   ARGV[8] oldest job.list keeps (ms)
-- ARGV[9] oldest unfinished job still kept (ms: its keys expire ARGV[6] after its creation)
-- ARGV[10..] the operations, one JSON object each
-- Returns {'created'} | {'exists'} | {'mismatch'} (the key was used for another batch)
--       | {'too_many', unfinished}
local held = redis.call('HGET', KEYS[1], 'fingerprint')
if held then
  if held == ARGV[3] then return {'exists'} end
  return {'mismatch'}
end
-- A job whose keys expired unfinished (no runner for that long) no longer counts.
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[9])
local unfinished = redis.call('ZCARD', KEYS[4])
if unfinished >= tonumber(ARGV[7]) then return {'too_many', unfinished} end
local total = #ARGV - 9
for i = 10, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('HSET', KEYS[1], 'operation', ARGV[2], 'fingerprint', ARGV[3], 'state', 'queued',
  'total', total, 'succeeded', 0, 'failed', 0, 'created', ARGV[4], 'updated', ARGV[4],
  'request_id', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[8])
return {'created'}
