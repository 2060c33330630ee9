-- Compare-and-act on a lease, so a process whose lease expired cannot touch its successor's.
-- KEYS[1] lease   ARGV[1] holder token   ARGV[2] "acquire" | "renew" | "release"   ARGV[3] ttl (ms)
-- acquire: 1 when taken now, 2 when this holder already had it (the TTL is refreshed), else 0.
--   A lease can outlive its holder's memory of it: taken just before Redis went away, its
--   release failed, and AOF brought it back with Redis; "2" lets the holder take it up again
--   instead of waiting out the TTL.
-- renew / release: PEXPIRE / DEL only while this holder owns it; 0 otherwise.
if ARGV[2] == 'acquire' then
  if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then return 1 end
  if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
    return 2
  end
  return 0
end
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == 'renew' then return redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return redis.call('DEL', KEYS[1])
