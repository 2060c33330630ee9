#pragma once
// Magento writes: order.update through the order management API (POST orders/<id>/cancel,
// hold, unhold, comments) and order.shipment.add (mage_shipments).

#include <cartgate/connector.hpp>

namespace cartgate::mage {

/// The write operations the connector performs, for its manifest.
std::vector<WriteCapability> write_capabilities();

/// One step of a write call (CallKind::write); in.state is empty on the first.
StepOutcome write_step(const StepInput& in);

}  // namespace cartgate::mage
