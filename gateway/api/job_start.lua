-- Marks a job running, only while it is queued: its hash may have expired since the runner read
-- it (a plain HSET would leave a stub with no time to live), and a runner whose lease lapsed may
-- arrive after its successor finished the job (a done job must stay done).
-- KEYS[1] the job (hash)
-- Returns 1 when the job became running, else 0.
if redis.call('HGET', KEYS[1], 'state') ~= 'queued' then return 0 end
redis.call('HSET', KEYS[1], 'state', 'running')
return 1
