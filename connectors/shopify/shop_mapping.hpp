#pragma once
// Shopify GraphQL Admin API nodes (Order, Customer, Product, AbandonedCheckout) to schema v1.
// Ids are the numeric legacyResourceId (the id REST payloads and webhooks carry); money is
// MoneyBag.shopMoney decimal strings; times are UTC.

#include <string>
#include <variant>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema.hpp>

namespace cartgate::shop {

template <class T>
using Mapped = std::variant<T, std::string>;

/// `extra_lines` holds line-item nodes fetched after the order's first page of lines.
Mapped<Order> map_order(const boost::json::value& node, const boost::json::array& extra_lines,
                        const StoreContext& store);
Mapped<Customer> map_customer(const boost::json::value& node, const StoreContext& store);
/// `currency` is the shop's (product prices carry none).
Mapped<Product> map_product(const boost::json::value& node, const std::string& currency,
                            const StoreContext& store);
Mapped<Cart> map_checkout(const boost::json::value& node, const StoreContext& store);
/// A carts/create or carts/update payload (REST shape, keyed by token). Shopify has no API to
/// read a cart back, so the payload is the cart: no totals, no buyer (carts are anonymous).
Mapped<Cart> map_cart_webhook(const boost::json::value& body, const StoreContext& store);

/// The numeric id at the end of a gid ("gid://shopify/Order/123" -> "123"), or "".
std::string gid_number(std::string_view gid);

}  // namespace cartgate::shop
