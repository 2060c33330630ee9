-- Claims an Idempotency-Key for one write, or says why the write must not run now.
-- KEYS[1] the key's record: hash of fingerprint, state (running | unknown | done), owner,
--         lease (ms: when a running owner counts as gone), started (ms), status, body
-- ARGV[1] the request's fingerprint   ARGV[2] now (ms)   ARGV[3] lease length (ms)
-- ARGV[4] time to live (s)   ARGV[5] the claiming request's id
-- Returns {'fresh'} | {'mismatch'} | {'running'} | {'done', status, body}
--       | {'reconcile', started ms}: an earlier attempt's outcome is unknown (it timed out after
--         its request left, or its process died holding the lease); this request takes it over.
local r = redis.call('HMGET', KEYS[1], 'fingerprint', 'state', 'lease', 'status', 'body',
  'started')
local now = tonumber(ARGV[2])
if not r[1] then
  redis.call('HSET', KEYS[1], 'fingerprint', ARGV[1], 'state', 'running', 'owner', ARGV[5],
    'lease', now + tonumber(ARGV[3]), 'started', now)
  redis.call('EXPIRE', KEYS[1], ARGV[4])
  return {'fresh'}
end
if r[1] ~= ARGV[1] then return {'mismatch'} end
if r[2] == 'done' then return {'done', r[4], r[5]} end
if r[2] == 'running' and tonumber(r[3]) > now then return {'running'} end
redis.call('HSET', KEYS[1], 'state', 'running', 'owner', ARGV[5],
  'lease', now + tonumber(ARGV[3]))
return {'reconcile', r[6]}
