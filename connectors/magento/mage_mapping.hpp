#pragma once
// Magento 2 REST objects (sales-data-order-interface, customer-data-customer-interface,
// catalog-data-product-interface, quote-data-cart-interface and quote-data-totals-interface in
// the admin OpenAPI schema) to schema v1. Timestamps are naive UTC; money is JSON numbers
// (read from their text); discounts are negative.

#include <string>
#include <variant>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema.hpp>

namespace cartgate::mage {

template <class T>
using Mapped = std::variant<T, std::string>;

Mapped<Order> map_order(const boost::json::value& raw, const StoreContext& store);
Mapped<Customer> map_customer(const boost::json::value& raw, const StoreContext& store);
Mapped<Product> map_product(const boost::json::value& raw, const StoreContext& store);
/// `totals` is the cart's /totals answer, or nullptr when it was not fetched. A cart idle for
/// `abandon_after` with items in it is reported abandoned.
Mapped<Cart> map_cart(const boost::json::value& raw, const boost::json::value* totals,
                      const StoreContext& store, Timestamp now, std::chrono::seconds abandon_after);

/// Magento order status codes for a normalized status (comma-separated, for an `in` filter).
std::string native_statuses(std::string_view normalized);

}  // namespace cartgate::mage
