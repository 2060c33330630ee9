#pragma once
// order.shipment.add on WooCommerce, which has no shipments of its own: a shipment tracking item
// in the order's meta (woo_tracking.hpp), an order note that says what shipped, and the order
// completed once every unit has shipped.

#include <cartgate/connector.hpp>

namespace cartgate::woo {

/// One step of an order.shipment.add write; in.state is empty on the first.
StepOutcome shipment_step(const StepInput& in);

}  // namespace cartgate::woo
