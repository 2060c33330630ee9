#pragma once
// Shopify writes over the GraphQL Admin API: order.update with orderCancel (a job) and
// orderUpdate (the order's note).

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// The write operations the connector performs, for its manifest.
std::vector<WriteCapability> write_capabilities();

/// One step of a write call (CallKind::write); in.state is empty on the first.
StepOutcome write_step(const StepInput& in);

}  // namespace cartgate::shop
