#pragma once
// customer.update on BigCommerce: name, e-mail address and phone of a customer through the v3
// Customers API (PUT /v3/customers, a list of customers by id).

#include <cartgate/connector.hpp>

namespace cartgate::bc {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);

}  // namespace cartgate::bc
