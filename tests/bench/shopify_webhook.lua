-- wrk script: POSTs one signed Shopify order webhook per request. The body and its HMAC are
-- fixed (env INGEST_BODY_FILE, INGEST_HMAC); X-Shopify-Event-Id and X-Shopify-Webhook-Id are
-- new on every request, so each one is a distinct delivery the gateway must enqueue (a repeated
-- id would only be answered "duplicate"). Counts the gateway's "accepted" answers.
-- setup(), response(), done() and post_body_file() come from webhook_common.lua, next to it.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "webhook_common.lua")
local counter = 0

function init(args)
  post_body_file()
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
