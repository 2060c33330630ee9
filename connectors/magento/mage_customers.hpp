#pragma once
// customer.update and customer.add on Magento 2: name and e-mail address of a customer through
// CustomerRepositoryInterface::save (PUT /V1/customers/{id}) and
// AccountManagementInterface::createAccount (POST /V1/customers).

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::mage {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);
/// One step of a customer.add write; in.state is empty on the first.
StepOutcome customer_add_step(const StepInput& in);

/// A customer as Magento answered it (parsed), as the write's result.
StepOutcome written_customer(const StepInput& in, boost::json::value customer);
/// The answer to a customer's PUT or POST: the customer as saved, or Magento's refusal.
StepOutcome customer_answer(const StepInput& in);
/// The refusal of a phone without an address: Magento keeps phones on addresses (an address's
/// telephone).
StepOutcome phone_refused();

}  // namespace cartgate::mage
