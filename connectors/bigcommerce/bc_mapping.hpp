#pragma once
// BigCommerce objects to schema v1: v2 orders (RFC 2822 dates, 4-decimal money strings,
// status ids) with their products and shipping addresses, v3 customers, catalog products and
// carts (ISO 8601 dates, money as JSON numbers).

#include <string>
#include <variant>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema.hpp>

namespace cartgate::bc {

template <class T>
using Mapped = std::variant<T, std::string>;

/// `products` and `shipping_addresses` are the order's sub-resources (arrays; null when the
/// platform answered 204 or they were not fetched).
Mapped<Order> map_order(const boost::json::value& raw, const boost::json::value& products,
                        const boost::json::value& shipping_addresses, const StoreContext& store);
Mapped<Customer> map_customer(const boost::json::value& raw, const StoreContext& store);
Mapped<Product> map_product(const boost::json::value& raw, const StoreContext& store);
Mapped<Cart> map_cart(const boost::json::value& raw, const StoreContext& store);

}  // namespace cartgate::bc
