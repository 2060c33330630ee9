-- wrk script: POSTs one signed WooCommerce order.updated webhook per request. The body and its
-- signature are fixed (env INGEST_BODY_FILE, INGEST_SIGNATURE); X-WC-Webhook-ID is new on every
-- request, and WooCommerce's duplicate key is (webhook id, topic, body), so each request is a
-- distinct change the gateway must enqueue. Counts the gateway's "accepted" answers.
-- setup(), response(), done() and post_body_file() come from webhook_common.lua, next to it.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "webhook_common.lua")
local counter = 0

function init(args)
  post_body_file()
  wrk.headers["User-Agent"] = "WooCommerce/9.3.3 Hookshot (WordPress/6.6.2)"
  wrk.headers["X-WC-Webhook-Source"] = os.getenv("INGEST_SOURCE")
  wrk.headers["X-WC-Webhook-Topic"] = "order.updated"
  wrk.headers["X-WC-Webhook-Resource"] = "order"
  wrk.headers["X-WC-Webhook-Event"] = "updated"
  wrk.headers["X-WC-Webhook-Signature"] = os.getenv("INGEST_SIGNATURE")
  prefix = os.getenv("INGEST_RUN") .. tid
end

function request()
  counter = counter + 1
  local id = prefix .. string.format("%09d", counter)
  wrk.headers["X-WC-Webhook-ID"] = id
  wrk.headers["X-WC-Webhook-Delivery-ID"] = id
  return wrk.format()
end
