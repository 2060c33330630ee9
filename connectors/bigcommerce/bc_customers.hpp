#pragma once
// customer.update and customer.add on BigCommerce: name, e-mail address and phone of a
// customer through the v3 Customers API (PUT and POST /v3/customers, lists of customers).

#include <cartgate/connector.hpp>

namespace cartgate::bc {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);
/// One step of a customer.add write (POST /v3/customers); in.state is empty on the first.
StepOutcome customer_add_step(const StepInput& in);

}  // namespace cartgate::bc
