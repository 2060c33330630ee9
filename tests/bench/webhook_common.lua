-- Shared by the wrk webhook scripts: numbers the threads (each script's request() makes its ids
-- from `tid`), posts the fixed JSON body of env INGEST_BODY_FILE, and counts the answers the
-- gateway gave as "accepted", printed when wrk is done.
local threads = {}
local thread_id = 0
accepted = 0  -- global: done() reads it from each thread

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status == 200 and body:find('"accepted"', 1, true) then accepted = accepted + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("accepted") or 0) end
  io.write(string.format("accepted %d of %d\n", total, summary.requests))
end

-- The request every webhook script starts from: a POST of the fixed body.
function post_body_file()
  local f = assert(io.open(os.getenv("INGEST_BODY_FILE"), "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
