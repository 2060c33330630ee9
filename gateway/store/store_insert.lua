-- Inserts a store record and its list-index entry atomically. The index member starts with a
-- per-tenant sequence number, so store.list pages in exact creation order even for stores
-- added in the same millisecond by different gateway processes.
-- KEYS[1] store hash, KEYS[2] tenant's store index (zset), KEYS[3] tenant's store sequence
-- ARGV[1] store id, ARGV[2..] field/value pairs of the record
local seq = redis.call('INCR', KEYS[3])
local member = string.format('%012d|%s', seq, ARGV[1])
redis.call('HSET', KEYS[1], 'index_member', member, unpack(ARGV, 2))
redis.call('ZADD', KEYS[2], 0, member)
return member
