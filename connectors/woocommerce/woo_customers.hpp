#pragma once
// customer.update and customer.add on WooCommerce: name, e-mail address and phone of a
// customer, as WC_REST_Customers_V1_Controller::update_item() and create_item() save them.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::woo {

/// One step of a customer.update write; in.state is empty on the first.
StepOutcome customer_update_step(const StepInput& in);
/// One step of a customer.add write; in.state is empty on the first.
StepOutcome customer_add_step(const StepInput& in);

/// The customer fields a write sends: names, the e-mail address (when `with_email`) and the
/// phone as the billing address's (the account has none of its own).
boost::json::object customer_body(const sdk::CustomerUpdateParams& u, bool with_email);
/// The answer to a customer's PUT or POST: the customer as it now is, or WooCommerce's refusal.
StepOutcome customer_answer(const StepInput& in);
/// The refusal of email_marketing: WooCommerce itself keeps no consent.
StepOutcome no_consent();
/// A customer as WooCommerce answered it (parsed), as the write's result.
StepOutcome written_customer(const StepInput& in, boost::json::value customer);

}  // namespace cartgate::woo
