#include "bc_manifest.hpp"

#include "bc_reads.hpp"
#include "bc_writes.hpp"

namespace cartgate::bc {

Manifest make_manifest() {
  Manifest m;
  m.platform = "bigcommerce";
  m.display_name = "BigCommerce";
  m.connector_version = "1.0.0";
  m.credentials = {
      {"access_token", true, true, "API account access token (X-Auth-Token)"},
      {"client_secret", true, false, "API account client secret (verifies webhooks)"},
  };
  m.settings = {"currency"};
  m.entities = {
      {Entity::order,
       {ReadVerb::list, ReadVerb::info, ReadVerb::count},
       {"email"},
       "v2 orders by id; order.count only without filters (BigCommerce counts per status)."},
      {Entity::customer, {ReadVerb::list, ReadVerb::info, ReadVerb::count}, {"email"}, ""},
      {Entity::product,
       {ReadVerb::list, ReadVerb::info, ReadVerb::count},
       {"status", "sku"},
       "No creation-time filter on catalog products (lists apply it in the gateway); prices "
       "need the setting 'currency'.",
       {DateBound::modified_from, DateBound::modified_to}},
      {Entity::cart,
       {ReadVerb::info},
       {},
       "BigCommerce has no cart listing API: carts are known from store/cart/* webhooks."},
  };
  m.events = {
      {EventType::order_add, EventDelivery::webhook, "store/order/created (thin: enriched)"},
      {EventType::order_update, EventDelivery::webhook, "store/order/updated, statusUpdated"},
      {EventType::customer_add, EventDelivery::webhook, "store/customer/created"},
      {EventType::customer_update, EventDelivery::webhook, "store/customer/updated"},
      {EventType::product_add, EventDelivery::webhook, "store/product/created"},
      {EventType::product_update, EventDelivery::webhook,
       "store/product/updated, store/sku/updated and inventory/updated (variants)"},
      {EventType::cart_add, EventDelivery::webhook, "store/cart/created"},
      {EventType::cart_update, EventDelivery::webhook, "store/cart/updated, lineItem/*"},
      {EventType::cart_abandoned, EventDelivery::webhook, "store/cart/abandoned (1 h idle)"},
      {EventType::cart_converted, EventDelivery::webhook, "store/cart/converted"},
  };
  // Plus and Standard plans: 150 requests per 30-second window, corrected from the
  // X-Rate-Limit-* headers of every answer.
  m.writes = write_capabilities();
  m.rate_limit = {RateLimitModel::fixed_window, 150, 0, 30'000};
  m.webhook_signature = WebhookSignature::standard_webhooks;
  m.max_page_size = kMaxLimit;
  // One API host for every store, the store hash in the path; HTTPS only (X-Auth-Token).
  m.store_address = {"https://api.bigcommerce.com/stores/{ref}", "store_hash", "", false};
  return m;
}

}  // namespace cartgate::bc
