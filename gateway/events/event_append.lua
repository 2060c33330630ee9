-- One change, one event: compares the change's version with the last one recorded for the
-- entity, appends the event to the tenant's stream and queues one delivery per subscription,
-- all or nothing. Every key shares the tenant's hash tag.
-- KEYS[1] entity version   KEYS[2] event stream   KEYS[3] event record
-- KEYS[4] the write marker of this version of the entity, KEYS[5] of a write of the entity in
--         flight (write_marks.hpp): either one makes the event's source "api", with its origin
-- KEYS[6] the creation marker of a write adding the entity (no id yet: named by its creation
--         key, e.g. a customer's e-mail address); it counts for an add only
-- KEYS[7..] per subscription, in ARGV's order: its queue, then its dead letters
-- ARGV[1] version "<updated_at ms>:<fingerprint>"
-- ARGV[2] type: "order", "customer", ... (add or update decided here) or a full event type
-- ARGV[3] created_at ms    ARGV[4] the store's tracking start (ms): older entities are updates
-- ARGV[5] stream max length (approximate trim)   ARGV[6] retention (seconds)
-- ARGV[7] event id   ARGV[8] envelope tail (JSON members after id and type, the first one
--         "source":"<ARGV[9]>")   ARGV[9] source
-- ARGV[10] store id (for event.list filters)
-- ARGV[11] a queue's length cap: beyond it the delivery is dead-lettered ("queue_full")
-- ARGV[12] now (RFC 3339)   ARGV[13] the oldest stream id kept (now - retention, ms): the
-- feed is trimmed by time as well as by length
-- ARGV[14..] one per subscription, "<id>|<if add>|<if update>": "queue" or the reason it
-- suppresses the event, decided by the gateway for both possible types
-- Returns {1, type, stream id} when appended, {0, reason} when not.
local version = ARGV[1]
local entity_mode = string.find(ARGV[2], '.', 1, true) == nil
local retention = tonumber(ARGV[6])

local function split(v)
  local colon = string.find(v, ':', 1, true)
  return tonumber(string.sub(v, 1, colon - 1)), string.sub(v, colon + 1)
end

local event_type = ARGV[2]
if entity_mode then
  local previous = redis.call('GET', KEYS[1])
  if previous then
    local prev_ms, prev_fp = split(previous)
    local ms, fp = split(version)
    if prev_ms > ms then return {0, 'stale'} end
    if prev_ms == ms and prev_fp == fp then
      if redis.call('EXISTS', KEYS[3]) == 1 then
        redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
        redis.call('HSET', KEYS[3], 'last_duplicate_source', ARGV[9])
      end
      return {0, 'duplicate'}
    end
    event_type = event_type .. '.update'
  else
    local ms = split(version)
    if ms < tonumber(ARGV[4]) then
      -- Changed before the store was connected: history, not news. Remembered so a later
      -- re-read of the same version (the poll overlap) stays quiet too.
      redis.call('SET', KEYS[1], version, 'EX', retention)
      return {0, 'history'}
    end
    if tonumber(ARGV[3]) >= tonumber(ARGV[4]) then
      event_type = event_type .. '.add'
    else
      event_type = event_type .. '.update'
    end
  end
  redis.call('SET', KEYS[1], version, 'EX', retention)
else
  -- Derived events (cart.abandoned, cart.converted, ...) are keyed by their id alone.
  if redis.call('EXISTS', KEYS[3]) == 1 then
    redis.call('HINCRBY', KEYS[3], 'duplicates', 1)
    redis.call('HSET', KEYS[3], 'last_duplicate_source', ARGV[9])
    return {0, 'duplicate'}
  end
end

-- A change a write through the API made: said so, with the write's request id and key, so a
-- backend tells its own writes from the merchant's. The first one to append the version, the
-- webhook or the poll, carries it.
local source, tail = ARGV[9], ARGV[8]
if entity_mode then
  local origin = redis.call('GET', KEYS[4]) or redis.call('GET', KEYS[5])
  if not origin and string.sub(event_type, -4) == '.add' then
    origin = redis.call('GET', KEYS[6])
  end
  local prefix = '"source":"' .. source .. '",'
  if origin and string.sub(tail, 1, #prefix) == prefix then
    source = 'api'
    tail = '"source":"api","origin":' .. origin .. ',' .. string.sub(tail, #prefix + 1)
  end
end

local stream_id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*',
  'id', ARGV[7], 'type', event_type, 'store', ARGV[10], 'tail', tail)
redis.call('XTRIM', KEYS[2], 'MINID', '~', ARGV[13])
redis.call('HSET', KEYS[3], 'sid', stream_id, 'type', event_type, 'source', source,
  'duplicates', 0)
local is_add = string.sub(event_type, -4) == '.add'
local max_queue = tonumber(ARGV[11])
for i = 14, #ARGV do
  local sub, if_add, if_update = string.match(ARGV[i], '^([^|]+)|([^|]+)|([^|]+)$')
  local decision = is_add and if_add or if_update
  local queue = KEYS[7 + 2 * (i - 14)]
  local dead = KEYS[8 + 2 * (i - 14)]
  if decision == 'queue' and redis.call('XLEN', queue) >= max_queue then
    -- A paused or stalled subscriber's backlog stops growing here: the delivery goes to its
    -- dead letters, visible to the tenant and replayable once the subscriber is back.
    redis.call('HSET', KEYS[3], 'sub:' .. sub,
      '{"status":"dead_letter","reason":"queue_full","attempts":[]}')
    redis.call('LPUSH', dead, cjson.encode({event = ARGV[7], type = event_type, tail = tail,
      attempts = 0, failed_at = ARGV[12],
      error = 'queue_full: the subscription already held ' .. max_queue .. ' deliveries'}))
    redis.call('LTRIM', dead, 0, 99999)
  elseif decision == 'queue' then
    redis.call('HSET', KEYS[3], 'sub:' .. sub, '{"status":"pending","attempts":[]}')
    -- The queue entry carries the whole event: trimming the stream never loses a delivery.
    redis.call('XADD', queue, '*', 'event', ARGV[7], 'type', event_type, 'tail', tail,
      'attempt', 1)
  else
    redis.call('HSET', KEYS[3], 'sub:' .. sub,
      '{"status":"suppressed","reason":"' .. decision .. '","attempts":[]}')
  end
end
redis.call('EXPIRE', KEYS[3], retention)
return {1, event_type, stream_id}
