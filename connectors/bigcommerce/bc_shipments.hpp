#pragma once
// order.shipment.add on BigCommerce: POST /v2/orders/{id}/shipments, one shipment for some
// units of some order products, to the order's shipping address.

#include <cartgate/connector.hpp>

namespace cartgate::bc {

/// One step of an order.shipment.add write; in.state is empty on the first.
StepOutcome shipment_step(const StepInput& in);

}  // namespace cartgate::bc
