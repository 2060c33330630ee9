#pragma once
// product.update on WooCommerce: prices (regular and sale), status and stock of a product, as
// WC_REST_Products_V2_Controller saves them.

#include <cartgate/connector.hpp>

namespace cartgate::woo {

/// One step of a product.update write; in.state is empty on the first.
StepOutcome product_update_step(const StepInput& in);

}  // namespace cartgate::woo
