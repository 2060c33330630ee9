-- Keeps the latest snapshot of one cart in its store's cart index: the platforms that cannot
-- list carts (BigCommerce) or read one back (Shopify carts by token) are answered from here.
-- An older version never overwrites a newer one. Every key shares the tenant's hash tag.
-- KEYS[1] the store's index: zset of cart id -> created ms (the order lists merge in)
-- KEYS[2] the cart's snapshot: hash of data (JSON), status, updated (ms), created (ms)
-- ARGV[1] cart id   ARGV[2] updated ms   ARGV[3] created ms   ARGV[4] status
-- ARGV[5] snapshot JSON   ARGV[6] time to live (s)   ARGV[7] most carts kept per store
-- ARGV[8] snapshot key prefix (KEYS[2] minus the id): for the carts the cap evicts
-- Returns {1 stored | 0 stale, the status the index held before ('' when none)}.
local previous = redis.call('HMGET', KEYS[2], 'updated', 'status')
local prev_status = previous[2] or ''
if previous[1] and tonumber(previous[1]) > tonumber(ARGV[2]) then return {0, prev_status} end
redis.call('HSET', KEYS[2], 'data', ARGV[5], 'status', ARGV[4], 'updated', ARGV[2],
  'created', ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[6])
-- Bounded: beyond the cap the oldest carts (by creation) leave, snapshot and all.
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[7])
if excess > 0 then
  local dropped = redis.call('ZPOPMIN', KEYS[1], excess)
  for i = 1, #dropped, 2 do redis.call('DEL', ARGV[8] .. dropped[i]) end
end
return {1, prev_status}
