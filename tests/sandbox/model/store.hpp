#pragma once
// One emulated store: its identity and credentials, its data, its webhook subscriptions and its
// injected faults. Handlers on any io thread lock `mutex` for the whole of a read or change.

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "model/api_faults.hpp"
#include "model/entities.hpp"
#include "model/rng.hpp"

namespace sandbox {

enum class Platform { shopify, woocommerce, magento, bigcommerce };
std::string_view platform_name(Platform p);

struct Subscription {
  std::int64_t id = 0;
  std::string name;
  std::string topic;  // the platform's own topic/scope name
  std::string url;
  std::string secret;             // WooCommerce: per webhook; others sign with the app secret
  std::string status = "active";  // active | paused | disabled (Woo); is_active (BC)
  int consecutive_failures = 0;
  std::map<std::string, std::string> headers;  // BigCommerce custom headers
  Time created{}, updated{};
};

struct Store {
  Platform platform = Platform::woocommerce;
  std::string id;              // path segment (/woo-1/...), shop name, or store hash
  std::string currency;        // ISO 4217
  int utc_offset_minutes = 0;  // the site's time zone (fixed offset)
  std::map<std::string, std::string> credentials;
  std::map<std::string, std::string> settings;  // platform specifics (BigCommerce numeric store_id)

  std::mutex mutex;
  ApiFaults api_faults;
  // Shopify's calculated-cost bucket (-1: full, not yet used).
  double cost_available = -1;
  std::chrono::steady_clock::time_point cost_updated{};
  Rng rng{0};  // for changes made through the control API: reproducible per seed and call order
  std::vector<Customer> customers;
  std::vector<Product> products;
  std::vector<Order> orders;
  std::vector<Cart> carts;
  std::vector<Subscription> subscriptions;
  std::int64_t next_customer_id = 1, next_product_id = 1, next_order_id = 1, next_line_id = 1,
               next_subscription_id = 1, next_note_id = 1, next_shipment_id = 1, next_meta_id = 1;
  std::map<std::string, std::int64_t> seen_nonces;  // OAuth nonce -> timestamp (replays)
  std::map<std::string, Time> admin_tokens;         // Magento admin token -> expiry
  // Deliveries queued but not sent yet, by "<subscription>/<resource id>": WooCommerce's Action
  // Scheduler does not queue a second one for the same webhook and resource meanwhile.
  std::set<std::string> queued_deliveries;

  const Order* find_order(std::int64_t id) const;
  Order* find_order(std::int64_t id);
  const Customer* find_customer(std::int64_t id) const;
  const Product* find_product(std::int64_t id) const;
  Cart* find_cart(std::string_view id);
};

struct World {
  std::vector<std::unique_ptr<Store>> stores;
  Store* find(Platform platform, std::string_view id) const;
};

}  // namespace sandbox
