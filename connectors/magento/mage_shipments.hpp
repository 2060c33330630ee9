#pragma once
// Magento order.shipment.add: POST order/<id>/ship (ShipOrderInterface), then the shipment and
// the order read back.

#include <cartgate/connector.hpp>

namespace cartgate::mage {

/// One step of an order.shipment.add write (CallKind::write); in.state is empty on the first.
StepOutcome shipment_step(const StepInput& in);

}  // namespace cartgate::mage
