-- One page of a store's cart index, oldest created first (the order lists merge in), with the
-- filters applied here so that a page of matches costs one round trip.
-- KEYS[1] the store's index (zset: cart id -> created ms)
-- ARGV[1] snapshot key prefix   ARGV[2] created from (ms, inclusive)   ARGV[3] created to (ms)
-- ARGV[4] resume after this id at score ARGV[2] ('' from the start of the score)
-- ARGV[5] page size   ARGV[6] most index entries scanned by this call
-- ARGV[7] modified from (ms, '' none)   ARGV[8] modified to (ms, '' none)
-- ARGV[9] status wanted ('' any)
-- Returns {next score or '', next id or '', snapshot JSON...}: an empty next score means the
-- scan is complete.
local from, after = tonumber(ARGV[2]), ARGV[4]
local limit, cap = tonumber(ARGV[5]), tonumber(ARGV[6])
local mod_from, mod_to = tonumber(ARGV[7]), tonumber(ARGV[8])
local members = redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'BYSCORE', 'LIMIT', 0, cap,
  'WITHSCORES')
local out = {'', ''}
local found = 0
local i = 1
while i <= #members and found < limit do
  local id, score = members[i], tonumber(members[i + 1])
  i = i + 2
  if not (score == from and after ~= '' and id <= after) then
    local snap = redis.call('HMGET', ARGV[1] .. id, 'data', 'status', 'updated')
    if not snap[1] then
      redis.call('ZREM', KEYS[1], id)  -- the snapshot expired: the entry goes with it
    else
      local updated = tonumber(snap[3])
      local wanted = (ARGV[9] == '' or snap[2] == ARGV[9])
        and (mod_from == nil or updated >= mod_from) and (mod_to == nil or updated <= mod_to)
      if wanted then
        out[#out + 1] = snap[1]
        found = found + 1
      end
    end
  end
  out[1], out[2] = members[i - 1], id
end
-- More remain when this call stopped early, or scanned as many entries as it was allowed.
if i > #members and #members < 2 * cap then out[1], out[2] = '', '' end
return out
