-- Takes entries from a subscription's queue for one consumer, no more than the subscription's
-- concurrency leaves free across every gateway process: each entry taken holds a slot (the
-- entry id in the slots set, expiring with the delivery's timeout) until delivery_finish
-- frees it. Expired slots belong to processes that died mid-delivery.
-- KEYS[1] queue   KEYS[2] slots (zset: entry id -> expiry ms)
-- ARGV[1] consumer   ARGV[2] how many this process could start   ARGV[3] the concurrency limit
-- ARGV[4] now (ms)   ARGV[5] slot expiry (ms)   ARGV[6] "read" new entries, or "claim" idle ones
-- first and then read new ones into the room left
-- ARGV[7] claim: minimum idle time (ms)
-- Returns the entries taken, as XREADGROUP lists them: {{id, {field, value, ...}}, ...}.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
local n = math.min(tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[2]), tonumber(ARGV[2]))
if n <= 0 then return {} end
local entries = {}
if ARGV[6] == 'claim' then
  entries = redis.call('XAUTOCLAIM', KEYS[1], 'delivery', ARGV[1], ARGV[7], '0-0', 'COUNT', n)[2]
end
-- New entries fill what claiming left: a claim pass must not make a fresh event wait a tick.
if #entries < n then
  local read = redis.call('XREADGROUP', 'GROUP', 'delivery', ARGV[1], 'COUNT', n - #entries,
    'STREAMS', KEYS[1], '>')
  if read then
    for _, e in ipairs(read[1][2]) do entries[#entries + 1] = e end
  end
end
for _, e in ipairs(entries) do
  redis.call('ZADD', KEYS[2], ARGV[5], e[1])
end
if #entries > 0 then
  redis.call('PEXPIREAT', KEYS[2], ARGV[5])
end
return entries
