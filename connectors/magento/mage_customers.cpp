// customer.update on Magento 2, step by step:
//   1. GET /V1/customers/<id>: the customer as it is. CustomerRepository::save() builds the
//      customer it saves from the request alone (the stored customer only fills in the group,
//      the store and, while no addresses are sent, the default addresses), and the save needs
//      the e-mail address, the website (the saved customer is looked up by both) and the
//      required names; so a PUT carries the whole customer, not only what changes;
//   2. PUT /V1/customers/<id> {"customer": the customer read, with the changes, without
//      `addresses` (left out: the addresses stay as they are; sent, every one not listed would
//      be deleted) and without created_at and updated_at (Magento keeps those; an updated_at
//      sent back would be saved as it was, and the change would not show as a new version).
//      Values, not increments: a repeat changes nothing more. Its answer is the saved customer.
// Magento keeps no phone on the customer (a phone is an address's telephone), so phone is not
// among the fields it writes here. An address another customer of the website holds is
// Magento's 400, passed on.
#include "mage_customers.hpp"

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_mapping.hpp"
#include "mage_requests.hpp"

namespace cartgate::mage {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "Magento";

std::string customer_route(const sdk::CustomerUpdateParams& u) {
  return "customers/" + u.id;
}

StepOutcome after_look(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto customer = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!customer) return std::move(customer.error());
  if (!customer->is_object()) return sdk::malformed(kName, "the customer is not an object");
  json::object body = customer->get_object();
  for (const char* kept_by_magento : {"addresses", "created_at", "updated_at"})
    body.erase(kept_by_magento);
  if (u.first_name) body["firstname"] = *u.first_name;
  if (u.last_name) body["lastname"] = *u.last_name;
  if (u.email) body["email"] = *u.email;
  // The newsletter module subscribes or unsubscribes the customer on save.
  if (u.email_marketing) {
    json::value& extension = body["extension_attributes"];
    if (!extension.is_object()) extension.emplace_object();
    extension.get_object()["is_subscribed"] = *u.email_marketing;
  }
  return StepOutcome::need({request(in.store, in.env, "PUT", customer_route(u), {},
                                    json::serialize(json::object{{"customer", std::move(body)}}))},
                           R"({"customer":"put"})");
}

}  // namespace

StepOutcome phone_refused() {
  return StepOutcome::fail(ConnectorErrorKind::unsupported,
                           "Magento keeps a customer's phone on an address, not on the customer.");
}

StepOutcome customer_answer(const StepInput& in) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto body = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!body) return std::move(body.error());
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_customer(*body, in.store));
  return sdk::written_entity(mapped, std::move(*body), kName);
}

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
  if (u.phone) return phone_refused();
  if (in.state.empty()) {
    return StepOutcome::need({get(in.store, in.env, customer_route(u), {})},
                             R"({"customer":"look"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  if (state->phase == "look") return after_look(in, u);
  if (state->phase == "put") return customer_answer(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::mage
