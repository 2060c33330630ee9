#pragma once
// Shopify order.shipment.add: fulfillmentCreate on the order's fulfillment orders, then the
// order read back.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// One step of an order.shipment.add write (CallKind::write); in.state is empty on the first.
StepOutcome shipment_step(const StepInput& in);

}  // namespace cartgate::shop
