#pragma once
// BigCommerce reads (v2 orders with their products and shipping addresses; v3 customers,
// catalog products and carts), and the probe.

#include <cartgate/connector.hpp>

namespace cartgate::bc {

inline constexpr int kMaxLimit = 250;  // `limit` maximum on v2 and v3 lists

/// A read, every step of it.
StepOutcome read(const StepInput& in);
/// Can the store be reached with its credentials?
StepOutcome probe(const StepInput& in);

}  // namespace cartgate::bc
