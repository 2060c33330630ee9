#pragma once
// customer.update and customer.add on Shopify: name, e-mail address and phone of a customer
// through the GraphQL Admin API's customerUpdate and customerCreate.

#include <boost/json/object.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema/address.hpp>

namespace cartgate::shop {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);
/// One step of a customer.add write; in.state is empty on the first.
StepOutcome customer_add_step(const StepInput& in);

/// `a` as a MailingAddressInput: every field, so that one left out is cleared.
boost::json::object mailing_address(const Address& a);

}  // namespace cartgate::shop
