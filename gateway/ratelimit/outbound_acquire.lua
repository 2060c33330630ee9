-- Takes `cost` units from a store's outbound budget, shared by every gateway process.
-- The budget is a token bucket shaped like the platform's own limit (a Shopify cost bucket,
-- BigCommerce's quota per window as an even refill, a configured rate elsewhere), corrected by
-- what the platform reports (outbound_observe.lua). Priority lanes: a lane may only take
-- tokens while `reserve` (a share of the capacity) stays in the bucket, so background lanes
-- (enrichment, polling) never drain what live reads need.
--
-- KEYS[1]  the store's bucket (hash): tokens, ts (ms), blocked_until (ms), capacity
-- ARGV[1]  capacity (configured; a capacity the platform reported takes precedence)
-- ARGV[2]  refill per second
-- ARGV[3]  cost of this request
-- ARGV[4]  reserve: the share of capacity this lane must leave (0 for live reads)
-- ARGV[5]  state TTL, ms
--
-- Returns {granted (1|0), wait_ms, tokens_left (floored)}.
if redis.replicate_commands then redis.replicate_commands() end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', KEYS[1], 'tokens', 'ts', 'blocked_until', 'capacity')
local capacity = tonumber(s[4]) or tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2]) / 1000
local cost = math.min(tonumber(ARGV[3]), capacity)
local reserve = tonumber(ARGV[4]) * capacity
local tokens = tonumber(s[1]) or capacity
local ts = tonumber(s[2]) or now
local blocked_until = tonumber(s[3]) or 0

-- ts may lie ahead: a fixed-window platform said its count holds until the window resets
-- (outbound_observe.lua), and nothing refills before then.
tokens = math.min(capacity, tokens + math.max(0, now - ts) * per_ms)
local stamp = math.max(now, ts)
if now < blocked_until then
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', stamp)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return {0, blocked_until - now, math.floor(tokens)}
end
if tokens - cost >= reserve then
  tokens = tokens - cost
  redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', stamp)
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return {1, 0, math.floor(tokens)}
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', stamp)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
local wait = (stamp - now) + math.ceil((cost + reserve - tokens) / math.max(per_ms, 0.000001))
return {0, wait, math.floor(tokens)}
