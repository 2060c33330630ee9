// customer.update on WooCommerce, step by step:
//   1. with an e-mail address: GET customers/<id>. update_item() refuses an address that
//      email_exists() finds unless it is byte for byte the account's own, and MySQL finds
//      addresses without regard to case: the account's own address in other capitals would be
//      refused as "invalid" (woocommerce/woocommerce-rest-api#249). Such an address changes
//      nothing the gateway reads (addresses are read lower-cased), so it is left out;
//   2. PUT customers/<id> {"first_name", "last_name", "email", "billing": {"phone"}}: values,
//      not increments, so a repeat changes nothing and a retry after an unknown outcome needs
//      no reading back. Its answer is the customer as it now is.
// The customer's phone is the billing address's (WooCommerce's account has none of its own);
// the account's e-mail address is not the billing address's, which stays as it is. An address
// another account holds is refused (400 woocommerce_rest_customer_invalid_email).
#include "woo_customers.hpp"

#include <boost/json/serialize.hpp>

#include <cartgate/http_message.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "woo_mapping.hpp"
#include "woo_requests.hpp"
#include "woo_write_support.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

StepOutcome put(const StepInput& in, const sdk::CustomerUpdateParams& u, const json::object& body) {
  return StepOutcome::need(
      {request(in.store, in.env, "PUT", "customers/" + u.id, {}, json::serialize(body), 0)},
      R"({"customer":"put"})");
}

StepOutcome after_look(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  auto customer = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!customer) return std::move(customer.error());
  const auto* o = customer->if_object();
  const auto* email = o != nullptr ? o->if_contains("email") : nullptr;
  if (email == nullptr || !email->is_string()) {
    return sdk::malformed(kName, "a customer without an e-mail address");
  }
  const bool own = iequals(email->get_string(), *u.email);
  json::object body = customer_body(u, !own);
  // Nothing else to change: the customer as it is, from the answer already read.
  if (body.empty()) return written_customer(in, std::move(*customer));
  return put(in, u, body);
}

}  // namespace

json::object customer_body(const sdk::CustomerUpdateParams& u, bool with_email) {
  json::object body;
  if (u.first_name) body["first_name"] = *u.first_name;
  if (u.last_name) body["last_name"] = *u.last_name;
  if (u.email && with_email) body["email"] = *u.email;
  json::object billing;
  if (const auto& a = u.default_address) {
    // Every billing field, so that one left out is cleared: the address is replaced whole.
    // WooCommerce keeps a state code, or the region's name where the country has no codes.
    const auto part = [](const std::optional<std::string>& v) { return v.value_or(""); };
    billing = json::object{{"first_name", part(a->first_name)},
                           {"last_name", part(a->last_name)},
                           {"company", part(a->company)},
                           {"address_1", part(a->address1)},
                           {"address_2", part(a->address2)},
                           {"city", part(a->city)},
                           {"state", a->region_code ? *a->region_code : part(a->region)},
                           {"postcode", part(a->postal_code)},
                           {"country", part(a->country_code)},
                           {"phone", part(a->phone)}};
  }
  // The customer's phone is the billing address's: a phone sent on its own wins.
  if (u.phone) billing["phone"] = *u.phone;
  if (!billing.empty()) body["billing"] = std::move(billing);
  return body;
}

StepOutcome customer_answer(const StepInput& in) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  auto body = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!body) return std::move(body.error());
  return written_customer(in, std::move(*body));
}

StepOutcome no_consent() {
  return StepOutcome::fail(ConnectorErrorKind::unsupported,
                           "WooCommerce keeps no marketing consent on its customers (a "
                           "newsletter plugin does, each its own way).");
}

StepOutcome written_customer(const StepInput& in, json::value customer) {
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_customer(customer, in.store));
  return sdk::written_entity(mapped, std::move(customer), kName);
}

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  if (params->email_marketing) return no_consent();
  const sdk::CustomerUpdateParams& u = *params;
  if (in.state.empty()) {
    if (!u.email) return put(in, u, customer_body(u, false));
    return StepOutcome::need({get(in.store, in.env, "customers/" + u.id, {})},
                             R"({"customer":"look"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  if (state->phase == "look") return after_look(in, u);
  if (state->phase == "put") return customer_answer(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::woo
