#pragma once
// customer.update on WooCommerce: name, e-mail address and phone of a customer, as
// WC_REST_Customers_V1_Controller::update_item() saves them.

#include <cartgate/connector.hpp>

namespace cartgate::woo {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);

}  // namespace cartgate::woo
