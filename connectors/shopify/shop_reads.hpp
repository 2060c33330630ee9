#pragma once
// Shopify reads over the GraphQL Admin API (REST is legacy since 2024-10), and the probe.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// The first step of a read (in.state is empty).
StepOutcome start_read(const StepInput& in);
/// Every later step of a read.
StepOutcome continue_read(const StepInput& in);
/// Can the store be reached with its credentials?
StepOutcome probe(const StepInput& in);

}  // namespace cartgate::shop
