#pragma once
// BigCommerce writes: order.update through the v2 Orders API (PUT /v2/orders/{id} with
// status_id, and staff_notes for a merchant's note) and order.shipment.add (bc_shipments).

#include <cartgate/connector.hpp>

namespace cartgate::bc {

/// The write operations the connector performs, for its manifest.
std::vector<WriteCapability> write_capabilities();

/// One step of a write call (CallKind::write); in.state is empty on the first.
StepOutcome write_step(const StepInput& in);

}  // namespace cartgate::bc
