#pragma once
// order.update's on_hold and processing on Shopify: Shopify holds an order's fulfillment
// orders, not the order. on_hold places a hold (handle "cartgate") on each fulfillment order
// with work left; processing releases the holds this app placed, never the merchant's or
// another app's.

#include <optional>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::shop {

/// order.update's look for on_hold and processing: the order's note and cancellation, and its
/// fulfillment orders with their holds (they need a read_*_fulfillment_orders scope, which a
/// write one implies).
inline constexpr std::string_view kHoldLookQuery =
    "query($id: ID!) { order(id: $id) { id note cancelledAt fulfillmentOrders(first: 10) { "
    "nodes { id status fulfillmentHolds { id heldByRequestingApp } } } } }";

/// The mutation that puts the order (the look's `order` node) on hold or releases this app's
/// holds, as `u.status` asks; nullopt when the order already is as asked; or the refusal.
std::variant<std::optional<HttpRequest>, StepOutcome> hold_change(const StepInput& in,
                                                                  const sdk::OrderUpdateParams& u,
                                                                  const boost::json::object& order);

/// The refusal in a hold mutation's answer (`data`), if any of its fields was refused.
std::optional<StepOutcome> hold_refused(const boost::json::object& data);

}  // namespace cartgate::shop
