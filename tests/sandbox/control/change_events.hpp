#pragma once
// What the platforms announce when store data changes: each change made through the control
// API is reported here once, and this file turns it into the platform's own webhooks
// (WooCommerce topics, BigCommerce scopes, Shopify topics; Magento announces nothing).

#include <cstdint>
#include <string>
#include <vector>

#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox {

struct ChangeContext {
  Store& store;  // locked by the caller
  Dispatcher& dispatcher;
  std::string home;  // the store's public base URL (WooCommerce's delivery_url and source)
  Time now;
};

/// An order, customer or product was created or updated (`event`: "created" | "updated").
void entity_changed(ChangeContext& c, const std::string& resource, const std::string& event,
                    std::int64_t id);

/// An order's state moved: the platforms' state-specific events (Shopify orders/paid,
/// orders/cancelled, orders/fulfilled; BigCommerce store/order/statusUpdated).
struct OrderBefore {
  int bc_status_id = 0;
  bool paid = false, cancelled = false, fulfilled = false;
};
OrderBefore order_before(const Order& o);
void order_state_changed(ChangeContext& c, const Order& o, const OrderBefore& before);

enum class CartEvent { created, updated, abandoned, converted };

/// A cart changed (`cart` lives in c.store.carts). `added` are the lines this change added,
/// which BigCommerce announces one by one.
void cart_changed(ChangeContext& c, const Cart& cart, CartEvent event,
                  const std::vector<Line>& added);

}  // namespace sandbox
