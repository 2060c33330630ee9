#pragma once
// BigCommerce reads (v2 orders with their products and shipping addresses; v3 customers,
// catalog products and carts), and the probe.

#include <optional>
#include <string>
#include <string_view>

#include <cartgate/connector.hpp>

namespace cartgate::bc {

inline constexpr int kMaxLimit = 250;  // `limit` maximum on v2 and v3 lists

/// A read, every step of it.
StepOutcome read(const StepInput& in);
/// Reads one order as order.info does (the order, its products, its shipping addresses): the
/// first step, then continue_order_read for the ones after it. Writes end this way.
inline constexpr std::string_view kOrderInfoState = "order-info";
StepOutcome read_order(const StepInput& in, const std::string& id);
/// The next step of a read_order; nullopt when `in.state` is not one of its states.
std::optional<StepOutcome> continue_order_read(const StepInput& in);
/// Can the store be reached with its credentials?
StepOutcome probe(const StepInput& in);

}  // namespace cartgate::bc
