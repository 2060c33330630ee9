#include "shop_manifest.hpp"

#include "shop_queries.hpp"
#include "shop_writes.hpp"

namespace cartgate::shop {

Manifest make_manifest() {
  Manifest m;
  m.platform = "shopify";
  m.display_name = "Shopify";
  m.connector_version = "1.0.0";
  m.credentials = {
      {"access_token", true, true, "Admin API access token (shpat_...)"},
      {"api_secret", true, false, "App client secret (verifies webhook HMACs)"},
  };
  m.settings = {"api_version"};
  const std::vector<ReadVerb> all{ReadVerb::list, ReadVerb::info, ReadVerb::count};
  m.entities = {
      {Entity::order,
       all,
       {"status", "email"},
       "One status per call. Without the read_all_orders scope Shopify shows only orders created "
       "in the last 60 days: a list reaching further back carries an orders_window_limited "
       "warning."},
      {Entity::customer, all, {"email"}, ""},
      {Entity::product, all, {"status", "sku"}, ""},
      {Entity::cart,
       {ReadVerb::list, ReadVerb::info},
       {"abandoned"},
       "Abandoned checkouts over GraphQL (info by checkout id); online-store carts arrive by "
       "carts/* webhook and are read by token from the gateway's cart index."},
  };
  m.events = {
      {EventType::order_add, EventDelivery::webhook, "orders/create"},
      {EventType::order_update, EventDelivery::webhook, "orders/updated"},
      {EventType::customer_add, EventDelivery::webhook, "customers/create"},
      {EventType::customer_update, EventDelivery::webhook, "customers/update"},
      {EventType::product_add, EventDelivery::webhook, "products/create"},
      {EventType::product_update, EventDelivery::webhook, "products/update"},
      // Online-store carts arrive by carts/* webhook (by token, anonymous, kept in the
      // gateway's cart index); abandoned checkouts are polled like every listable entity.
      {EventType::cart_add, EventDelivery::webhook,
       "carts/create (online store carts, by token); abandoned checkouts are polled"},
      {EventType::cart_update, EventDelivery::webhook,
       "carts/update; abandoned checkouts are polled"},
  };
  // Standard plan: 100 points/s restore; the bucket size is corrected from throttleStatus.
  m.writes = write_capabilities();
  m.rate_limit = {RateLimitModel::cost_bucket, 2000, 100, 0};
  m.webhook_signature = WebhookSignature::hmac_sha256_base64;
  m.max_page_size = kCustomersPerPage;
  // Every shop's Admin API lives at its myshopify.com domain, over HTTPS only.
  m.store_address = {"https://{ref}.myshopify.com", "shop", ".myshopify.com", false};
  return m;
}

}  // namespace cartgate::shop
