-- Rewrites a store record only if it still exists, so an update racing a delete cannot
-- resurrect a half-written record.
-- KEYS[1] the store hash; ARGV field/value pairs.
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
