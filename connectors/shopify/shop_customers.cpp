// customer.update on Shopify, step by step:
//   1. customerUpdate(input: {id, firstName, lastName, email, phone}) (scope write_customers),
//      when any of those changes: values, not increments, so a repeat changes nothing and a
//      retry after an unknown outcome needs no reading back. A phone removed is `phone: null`
//      (Shopify refuses ""). Shopify checks the address and the phone (E.164, unique in the
//      shop) and answers userErrors; one on the `id` field is a customer that does not exist;
//   2. customerEmailMarketingConsentUpdate(input: {customerId, emailMarketingConsent:
//      {marketingState, marketingOptInLevel: SINGLE_OPT_IN}}), when the consent changes:
//      Shopify takes no consent through customerUpdate for a customer that exists. Sent after
//      step 1 has succeeded (two fields of one document both run, so a refused name would
//      leave the consent changed);
//   3. with a default address: the customer's defaultAddress found (its id), then
//      customerAddressUpdate of it, or customerAddressCreate when there is none, with
//      setAsDefault (MailingAddressInput: every field sent, so one left out is cleared). A
//      retry after an unknown outcome finds the address the first attempt set as the default
//      and updates it, so no second address is made;
//   4. the customer as customer.info reads it: the connector's own read, by id.
// Shopify runs each mutation on its own: a step refused after an earlier one succeeded leaves
// that earlier change made (the answer is the refusal; a repeat with the refused part fixed
// finishes the write, each step being values, not increments).
#include "shop_customers.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "shop_graphql.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr std::string_view kUpdateMutation =
    "mutation($input: CustomerInput!) { customerUpdate(input: $input) { customer { id } "
    "userErrors { field message } } }";
constexpr std::string_view kConsentMutation =
    "mutation($input: CustomerEmailMarketingConsentUpdateInput!) { "
    "customerEmailMarketingConsentUpdate(input: $input) { customer { id } userErrors { field "
    "message } } }";
constexpr double kMutationCost = 10;

HttpRequest update_mutation(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  json::object input{{"id", "gid://shopify/Customer/" + u.id}};
  if (u.first_name) input["firstName"] = *u.first_name;
  if (u.last_name) input["lastName"] = *u.last_name;
  if (u.email) input["email"] = *u.email;
  if (u.phone) input["phone"] = u.phone->empty() ? json::value(nullptr) : json::value(*u.phone);
  return graphql(in.store, kUpdateMutation, {}, {{"input", std::move(input)}}, kMutationCost);
}

HttpRequest consent_mutation(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  json::object consent{{"marketingState", *u.email_marketing ? "SUBSCRIBED" : "UNSUBSCRIBED"},
                       {"marketingOptInLevel", "SINGLE_OPT_IN"}};
  json::object input{{"customerId", "gid://shopify/Customer/" + u.id},
                     {"emailMarketingConsent", std::move(consent)}};
  return graphql(in.store, kConsentMutation, {}, {{"input", std::move(input)}}, kMutationCost);
}

bool changes_the_account(const sdk::CustomerUpdateParams& u) {
  return u.first_name || u.last_name || u.email || u.phone;
}

constexpr std::string_view kDefaultAddressQuery =
    "query($id: ID!) { customer(id: $id) { defaultAddress { id } } }";
constexpr std::string_view kAddressCreate =
    "mutation($customerId: ID!, $address: MailingAddressInput!) { "
    "customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: true) { "
    "address { id } userErrors { field message } } }";
constexpr std::string_view kAddressUpdate =
    "mutation($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) { "
    "customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address, "
    "setAsDefault: true) { address { id } userErrors { field message } } }";

// The steps in their order, each when the write needs it: the account's fields, the consent,
// the default address (found, then written); then the customer read back.
StepOutcome step_after(const StepInput& in, const sdk::CustomerUpdateParams& u,
                       std::string_view done) {
  if (done.empty() && changes_the_account(u)) {
    return StepOutcome::need({update_mutation(in, u)}, R"({"customer":"update"})");
  }
  if ((done.empty() || done == "update") && u.email_marketing) {
    return StepOutcome::need({consent_mutation(in, u)}, R"({"customer":"consent"})");
  }
  if (done != "address" && u.default_address) {
    return StepOutcome::need({graphql(in.store, kDefaultAddressQuery, {},
                                      {{"id", "gid://shopify/Customer/" + u.id}}, 2)},
                             R"({"customer":"look"})");
  }
  return read_back(in, Entity::customer, u.id, {});
}

// The customer's default address (its id, when it has one) is updated and stays the default,
// or one is created as the default. A retry after an unknown outcome finds the address the
// first attempt made as the default, and updates it instead of creating a second.
StepOutcome after_look(const StepInput& in, const sdk::CustomerUpdateParams& u,
                       const json::object& data) {
  const auto* customer = data.if_contains("customer");
  if (customer == nullptr || !customer->is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such customer.", 404);
  }
  const auto* address = customer->as_object().if_contains("defaultAddress");
  const auto* id =
      address != nullptr && address->is_object() ? address->as_object().if_contains("id") : nullptr;
  json::object variables{{"customerId", "gid://shopify/Customer/" + u.id},
                         {"address", mailing_address(*u.default_address)}};
  const bool update = id != nullptr && id->is_string();
  if (update) variables["addressId"] = id->as_string();
  return StepOutcome::need({graphql(in.store, update ? kAddressUpdate : kAddressCreate, {},
                                    std::move(variables), kMutationCost)},
                           update ? R"({"customer":"address","mutation":"customerAddressUpdate"})"
                                  : R"({"customer":"address","mutation":"customerAddressCreate"})");
}

// Whether a user error names the customer (["id"], ["input", "id"], ["input", "customerId"]):
// the customer does not exist.
bool about_the_id(const json::value& error) {
  const auto* field = error.is_object() ? error.as_object().if_contains("field") : nullptr;
  return field != nullptr && field->is_array() && !field->as_array().empty() &&
         (field->as_array().back() == "id" || field->as_array().back() == "customerId");
}

// The answer of `mutation`: the step after it, or its refusal.
StepOutcome after_mutation(const StepInput& in, const sdk::CustomerUpdateParams& u,
                           const json::object& data, std::string_view mutation) {
  const auto* payload = data.if_contains(mutation);
  if (payload == nullptr || !payload->is_object()) return sdk::malformed(kName, "no payload");
  const json::object& p = payload->as_object();
  if (const auto* errors = p.if_contains("userErrors"); errors != nullptr && errors->is_array()) {
    for (const auto& e : errors->as_array()) {
      if (about_the_id(e)) {
        return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such customer.",
                                 404);
      }
    }
  }
  if (auto refused = user_errors(p, "userErrors")) return std::move(*refused);
  const bool address = mutation.starts_with("customerAddress");
  const auto* written = p.if_contains(address ? "address" : "customer");
  if (written == nullptr || !written->is_object()) {
    return sdk::malformed(kName,
                          std::string(mutation) + " answered neither its entity nor an error");
  }
  return step_after(in, u,
                    address                        ? "address"
                    : mutation == "customerUpdate" ? "update"
                                                   : "consent");
}

}  // namespace

json::object mailing_address(const Address& a) {
  const auto part = [](const std::optional<std::string>& v) { return v.value_or(""); };
  return json::object{{"firstName", part(a.first_name)},     {"lastName", part(a.last_name)},
                      {"company", part(a.company)},          {"address1", part(a.address1)},
                      {"address2", part(a.address2)},        {"city", part(a.city)},
                      {"provinceCode", part(a.region_code)}, {"zip", part(a.postal_code)},
                      {"countryCode", part(a.country_code)}, {"phone", part(a.phone)}};
}

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (in.state.empty()) return step_after(in, u, {});
  if (in.state.starts_with(kReadBack)) {
    return read_back(in, Entity::customer, u.id, in.state.substr(kReadBack.size()));
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  if (phase != "update" && phase != "consent" && phase != "look" && phase != "address") {
    return sdk::lost_write_state(kName);
  }
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data))
    return with_observation(std::move(*failed), in);
  const json::object& answer = std::get<json::object>(data);
  if (phase == "look") return with_observation(after_look(in, u, answer), in);
  std::string mutation = phase == "update"    ? "customerUpdate"
                         : phase == "consent" ? "customerEmailMarketingConsentUpdate"
                                              : "";
  if (phase == "address") {
    const auto* named = state->fields.if_contains("mutation");
    if (named == nullptr || !named->is_string()) return sdk::lost_write_state(kName);
    mutation = named->as_string();
  }
  return with_observation(after_mutation(in, u, answer, mutation), in);
}

}  // namespace cartgate::shop
