-- Compare-and-set of one hash field: the re-seal of a secret is written only over the exact
-- value it was made from, so a store.update or webhook change racing with a key rotation wins.
-- KEYS[1] the hash   ARGV[1] field   ARGV[2] expected value   ARGV[3] new value
-- Returns 1 when written, 0 when the field changed meanwhile (or is gone).
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1
