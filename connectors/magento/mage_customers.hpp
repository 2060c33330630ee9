#pragma once
// customer.update on Magento 2: name and e-mail address of a customer through
// CustomerRepositoryInterface::save (PUT /V1/customers/{id}).

#include <cartgate/connector.hpp>

namespace cartgate::mage {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);

}  // namespace cartgate::mage
