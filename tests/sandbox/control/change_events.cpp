#include "control/change_events.hpp"

#include <boost/json.hpp>

#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_webhooks.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_webhooks.hpp"
#include "platforms/woocommerce/woo_webhooks.hpp"

namespace sandbox {

namespace json = boost::json;

namespace {

void shopify_entity_changed(ChangeContext& c, const std::string& resource, const std::string& event,
                            std::int64_t id) {
  const std::string verb = event == "created" ? "create" : "update";
  if (resource == "order") {
    if (const Order* o = c.store.find_order(id)) {
      // Note the spelling: orders/updated, but customers/update and products/update.
      shop::notify(c.store, c.dispatcher, verb == "create" ? "orders/create" : "orders/updated",
                   shop::order_rest(c.store, *o), c.now);
    }
  } else if (resource == "customer") {
    if (const Customer* cu = c.store.find_customer(id)) {
      shop::notify(c.store, c.dispatcher, "customers/" + verb, shop::customer_rest(c.store, *cu),
                   c.now);
    }
  } else if (resource == "product") {
    if (const Product* p = c.store.find_product(id)) {
      shop::notify(c.store, c.dispatcher, "products/" + verb, shop::product_rest(c.store, *p),
                   c.now);
    }
  }
}

// Shopify numbers abandoned checkouts by the cart's position (see shop_api's
// abandonedCheckouts), so webhooks and reads agree on ids.
std::int64_t checkout_index(const Store& store, const Cart& cart) {
  return static_cast<std::int64_t>(&cart - store.carts.data()) + 1;
}

void shopify_cart_changed(ChangeContext& c, const Cart& cart, CartEvent event) {
  switch (event) {
    case CartEvent::created:
      shop::notify(c.store, c.dispatcher, "carts/create", shop::cart_rest(c.store, cart), c.now);
      break;
    case CartEvent::updated:
      shop::notify(c.store, c.dispatcher, "carts/update", shop::cart_rest(c.store, cart), c.now);
      break;
    case CartEvent::abandoned:  // the shopper reached checkout and left
      shop::notify(c.store, c.dispatcher, "checkouts/create",
                   shop::checkout_rest(c.store, cart, checkout_index(c.store, cart)), c.now);
      break;
    case CartEvent::converted:
      shop::notify(c.store, c.dispatcher, "checkouts/update",
                   shop::checkout_rest(c.store, cart, checkout_index(c.store, cart)), c.now);
      break;
  }
}

void bigcommerce_cart_changed(ChangeContext& c, const Cart& cart, CartEvent event,
                              const std::vector<Line>& added) {
  const auto cart_event = [&](const char* scope, json::object extra) {
    json::object data{{"type", "cart"}, {"id", cart.id}};
    for (auto& kv : extra)
      data[kv.key()] = kv.value();
    bc::notify(c.store, c.dispatcher, scope, std::move(data), c.now);
  };
  switch (event) {
    case CartEvent::created:
      cart_event("store/cart/created", {});
      break;
    case CartEvent::updated:
      cart_event("store/cart/updated", {});
      break;
    case CartEvent::abandoned:
      cart_event("store/cart/abandoned", json::object{{"token", cart.token}});
      break;
    case CartEvent::converted:
      cart_event("store/cart/converted", json::object{{"orderId", cart.order_id}});
      break;
  }
  for (const auto& line : added) {
    bc::notify(c.store, c.dispatcher, "store/cart/lineItem/created",
               json::object{
                   {"type", "cart_line_item"}, {"id", bc::line_item_id(line)}, {"cartId", cart.id}},
               c.now);
  }
}

}  // namespace

void entity_changed(ChangeContext& c, const std::string& resource, const std::string& event,
                    std::int64_t id) {
  switch (c.store.platform) {
    case Platform::woocommerce:
      woo::notify(c.store, c.dispatcher, resource, event, id, c.home);
      break;
    case Platform::bigcommerce:
      bc::notify(c.store, c.dispatcher, "store/" + resource + "/" + event,
                 json::object{{"type", resource}, {"id", id}}, c.now);
      break;
    case Platform::shopify:
      shopify_entity_changed(c, resource, event, id);
      break;
    case Platform::magento:  // no outbound webhooks in Magento Open Source
      break;
  }
}

OrderBefore order_before(const Order& o) {
  return OrderBefore{bc::status_id(o), o.paid, o.cancelled_at.has_value(),
                     o.fulfilled_quantity >= o.quantity()};
}

void order_state_changed(ChangeContext& c, const Order& o, const OrderBefore& before) {
  if (c.store.platform == Platform::shopify) {
    const auto payload = shop::order_rest(c.store, o);
    if (!before.paid && o.paid) shop::notify(c.store, c.dispatcher, "orders/paid", payload, c.now);
    if (!before.cancelled && o.cancelled_at) {
      shop::notify(c.store, c.dispatcher, "orders/cancelled", payload, c.now);
    }
    if (!before.fulfilled && o.fulfilled_quantity >= o.quantity()) {
      shop::notify(c.store, c.dispatcher, "orders/fulfilled", payload, c.now);
    }
  }
  if (c.store.platform == Platform::bigcommerce && bc::status_id(o) != before.bc_status_id) {
    bc::notify(c.store, c.dispatcher, "store/order/statusUpdated",
               json::object{{"type", "order"},
                            {"id", o.id},
                            {"status", json::object{{"previous_status_id", before.bc_status_id},
                                                    {"new_status_id", bc::status_id(o)}}}},
               c.now);
  }
}

void cart_changed(ChangeContext& c, const Cart& cart, CartEvent event,
                  const std::vector<Line>& added) {
  if (c.store.platform == Platform::shopify) shopify_cart_changed(c, cart, event);
  if (c.store.platform == Platform::bigcommerce) bigcommerce_cart_changed(c, cart, event, added);
  // WooCommerce core has no carts API or cart webhooks; Magento announces nothing: their carts
  // are seen by reading (Magento carts/search) or not at all.
}

}  // namespace sandbox
