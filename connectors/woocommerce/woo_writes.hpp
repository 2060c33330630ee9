#pragma once
// WooCommerce writes: order.update as the REST API v3 takes it (class-wc-rest-orders-controller
// for the status, class-wc-rest-order-notes-controller for a merchant's note).

#include <cartgate/connector.hpp>

namespace cartgate::woo {

/// The write operations the connector performs, for its manifest.
std::vector<WriteCapability> write_capabilities();

/// One step of a write call (CallKind::write); in.state is empty on the first.
StepOutcome write_step(const StepInput& in);

}  // namespace cartgate::woo
