-- Durable enqueue of one verified webhook delivery, at most once per platform delivery id.
-- KEYS[1] the inbox stream   KEYS[2] the delivery id's seen marker (absent: no id to dedupe on)
-- ARGV[1] how long a delivery id is remembered (seconds)   ARGV[2] the inbox entry (JSON)
-- Returns the inbox entry id, or 0 when the delivery was seen before.
if KEYS[2] and redis.call('SET', KEYS[2], 1, 'NX', 'EX', ARGV[1]) == false then
  return 0
end
return redis.call('XADD', KEYS[1], '*', 'p', ARGV[2])
