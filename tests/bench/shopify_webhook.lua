-- wrk script: POSTs one signed Shopify order webhook per request. The body and its HMAC are
-- fixed (env INGEST_BODY_FILE, INGEST_HMAC); X-Shopify-Event-Id and X-Shopify-Webhook-Id are
-- new on every request, so each one is a distinct delivery the gateway must enqueue (a repeated
-- id would only be answered "duplicate"). Counts the gateway's "accepted" answers.
local counter = 0
accepted = 0  -- global: done() reads it from each thread
local threads = {}
local thread_id = 0

function setup(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(os.getenv("INGEST_BODY_FILE"), "rb"))
  wrk.body = f:read("*a")
  f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["X-Shopify-Topic"] = "orders/updated"
  wrk.headers["X-Shopify-Hmac-Sha256"] = os.getenv("INGEST_HMAC")
  wrk.headers["X-Shopify-Shop-Domain"] = os.getenv("INGEST_SHOP_DOMAIN")
  wrk.headers["X-Shopify-API-Version"] = "2025-10"
  prefix = os.getenv("INGEST_RUN") .. "-" .. tid .. "-"
end

function request()
  counter = counter + 1
  local id = prefix .. counter
  wrk.headers["X-Shopify-Event-Id"] = id
  wrk.headers["X-Shopify-Webhook-Id"] = "wh-" .. id
  return wrk.format()
end

function response(status, headers, body)
  if status == 200 and body:find('"accepted"', 1, true) then accepted = accepted + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + (t:get("accepted") or 0) end
  io.write(string.format("accepted %d of %d\n", total, summary.requests))
end
