#pragma once
// The small enums of schema v1 and their wire names. The wire names are the contract
// (schema/v1/*.json); the C++ enumerators only mirror them.

#include <array>
#include <optional>
#include <string_view>

namespace cartgate {

enum class Entity { order, customer, product, cart };
enum class OrderStatus { pending, processing, on_hold, completed, cancelled, refunded, failed };
enum class FinancialStatus {
  pending,
  authorized,
  partially_paid,
  paid,
  partially_refunded,
  refunded,
  voided
};
enum class FulfillmentStatus { unfulfilled, partial, fulfilled };
enum class ProductStatus { active, draft, archived };
enum class CartStatus { active, abandoned, converted };
// Whether a customer takes marketing e-mail: agreed (subscribed), never asked or never agreed
// (not_subscribed), agreed and then withdrew (unsubscribed: not to be subscribed again without
// new consent), asked and not yet confirmed (pending: double opt-in).
enum class EmailMarketing { subscribed, not_subscribed, unsubscribed, pending };
enum class EventType {
  order_add,
  order_update,
  order_shipment_add,
  customer_add,
  customer_update,
  product_add,
  product_update,
  cart_add,
  cart_update,
  cart_abandoned,
  cart_converted
};
enum class EventSource { webhook, poll };

template <class E>
struct EnumNames;  // specialised below: `static constexpr std::array names` in enumerator order

template <>
struct EnumNames<Entity> {
  static constexpr std::array<std::string_view, 4> names{"order", "customer", "product", "cart"};
};
template <>
struct EnumNames<OrderStatus> {
  static constexpr std::array<std::string_view, 7> names{
      "pending", "processing", "on_hold", "completed", "cancelled", "refunded", "failed"};
};
template <>
struct EnumNames<FinancialStatus> {
  static constexpr std::array<std::string_view, 7> names{
      "pending",  "authorized", "partially_paid", "paid", "partially_refunded",
      "refunded", "voided"};
};
template <>
struct EnumNames<FulfillmentStatus> {
  static constexpr std::array<std::string_view, 3> names{"unfulfilled", "partial", "fulfilled"};
};
template <>
struct EnumNames<ProductStatus> {
  static constexpr std::array<std::string_view, 3> names{"active", "draft", "archived"};
};
template <>
struct EnumNames<CartStatus> {
  static constexpr std::array<std::string_view, 3> names{"active", "abandoned", "converted"};
};
template <>
struct EnumNames<EmailMarketing> {
  static constexpr std::array<std::string_view, 4> names{"subscribed", "not_subscribed",
                                                         "unsubscribed", "pending"};
};
template <>
struct EnumNames<EventType> {
  static constexpr std::array<std::string_view, 11> names{
      "order.add",       "order.update",   "order.shipment.add", "customer.add",
      "customer.update", "product.add",    "product.update",     "cart.add",
      "cart.update",     "cart.abandoned", "cart.converted"};
};
template <>
struct EnumNames<EventSource> {
  static constexpr std::array<std::string_view, 2> names{"webhook", "poll"};
};

template <class E>
constexpr std::string_view enum_name(E value) noexcept {
  return EnumNames<E>::names[static_cast<std::size_t>(value)];
}

template <class E>
constexpr std::optional<E> enum_from_name(std::string_view name) noexcept {
  const auto& names = EnumNames<E>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace cartgate
