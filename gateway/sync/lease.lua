-- Compare-and-act on a lease: renew (PEXPIRE) or release (DEL) it only while this holder
-- still owns it, so a process whose lease expired cannot touch its successor's.
-- KEYS[1] lease   ARGV[1] holder token   ARGV[2] "renew" | "release"   ARGV[3] ttl (ms)
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == 'renew' then return redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return redis.call('DEL', KEYS[1])
