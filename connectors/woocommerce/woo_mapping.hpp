#pragma once
// WooCommerce REST v3 objects (wp-api-v3 _orders.md, _customers.md, _products.md) to schema
// v1. No I/O: the objects come from a list, a single read or a webhook body alike.

#include <string>
#include <variant>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema.hpp>

namespace cartgate::woo {

template <class T>
using Mapped = std::variant<T, std::string>;  // the entity, or why it could not be mapped

Mapped<Order> map_order(const boost::json::value& raw, const StoreContext& store);
Mapped<Customer> map_customer(const boost::json::value& raw, const StoreContext& store);
/// Product prices need the store's currency (the `currency` setting); without it, prices are
/// left out.
Mapped<Product> map_product(const boost::json::value& raw, const StoreContext& store);

/// The WooCommerce order status for a normalized one (on_hold -> on-hold), or "" if none.
std::string native_order_status(std::string_view normalized);

}  // namespace cartgate::woo
