#pragma once
// customer.update and customer.add on BigCommerce: name, e-mail address and phone of a
// customer through the v3 Customers API (PUT and POST /v3/customers, lists of customers).

#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema/address.hpp>

namespace cartgate::bc {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);
/// One step of a customer.add write (POST /v3/customers); in.state is empty on the first.
StepOutcome customer_add_step(const StepInput& in);

/// A customer as BigCommerce answered it (parsed), as the write's result.
StepOutcome written_customer(const StepInput& in, boost::json::value customer);

/// `a` as a BigCommerce customer address, named `first` `last` when it names nobody itself
/// (BigCommerce requires the names); parts left out are sent empty, so they are cleared.
boost::json::object address_fields(const Address& a, std::string_view first, std::string_view last);

}  // namespace cartgate::bc
