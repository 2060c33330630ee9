-- Inserts a store record and its list-index entry atomically. The index member starts with a
-- per-tenant sequence number, so store.list pages in exact creation order even for stores
-- added in the same millisecond by different gateway processes.
-- A tenant holds at most ARGV[1] stores: the count and the insert are one step, so two
-- gateway processes adding at once cannot both take the last place.
-- KEYS[1] store hash, KEYS[2] tenant's store index (zset), KEYS[3] tenant's store sequence
-- ARGV[1] the tenant's store cap, ARGV[2] store id, ARGV[3..] field/value pairs of the record
-- Returns the index member, or 0 when the tenant is at its cap.
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[1]) then return 0 end
local seq = redis.call('INCR', KEYS[3])
local member = string.format('%012d|%s', seq, ARGV[2])
redis.call('HSET', KEYS[1], 'index_member', member, unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], 0, member)
return member
