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
// With a default address or a phone, the PUT carries the addresses too (sent, they replace the
// stored list, so every one is sent back as read): the default billing address replaced by the
// new one under its id, or the new one added as the default. Magento keeps no phone on the
// customer: a phone is the default address's telephone (a customer without an address cannot
// take one alone). An address another customer of the website holds is Magento's 400, passed
// on; so are its address checks (a telephone, a postcode, a region where the country has them).
#include "mage_customers.hpp"

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_customer_address.hpp"
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
  // The addresses only when one changes: sent, they replace the stored list.
  std::optional<json::array> addresses;
  if (u.default_address || u.phone) {
    auto text = [&](const char* key) {
      const auto* v = body.if_contains(key);
      return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    std::optional<json::object> address;
    if (u.default_address) {
      address = address_json(*u.default_address, u.first_name.value_or(text("firstname")),
                             u.last_name.value_or(text("lastname")));
    }
    addresses = addresses_after(body, address, u.phone);
    if (!addresses) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "Magento keeps a customer's phone on its default address, and this "
                               "customer has none: send default_address with the phone.");
    }
  }
  for (const char* kept_by_magento : {"addresses", "created_at", "updated_at"})
    body.erase(kept_by_magento);
  if (addresses) body["addresses"] = std::move(*addresses);
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
                           "Magento keeps a customer's phone on an address, not on the customer: "
                           "send default_address with the phone.");
}

StepOutcome written_customer(const StepInput& in, json::value customer) {
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_customer(customer, in.store));
  return sdk::written_entity(mapped, std::move(customer), kName);
}

StepOutcome customer_answer(const StepInput& in) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto body = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!body) return std::move(body.error());
  return written_customer(in, std::move(*body));
}

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
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
