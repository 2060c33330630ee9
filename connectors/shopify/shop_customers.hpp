#pragma once
// customer.update on Shopify: name, e-mail address and phone of a customer through the GraphQL
// Admin API's customerUpdate.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);

}  // namespace cartgate::shop
