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
//   3. the customer as customer.info reads it: the connector's own read, by id.
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
  const auto* customer = p.if_contains("customer");
  if (customer == nullptr || !customer->is_object()) {
    return sdk::malformed(kName,
                          std::string(mutation) + " answered neither a customer nor an error");
  }
  if (mutation == "customerUpdate" && u.email_marketing) {
    return StepOutcome::need({consent_mutation(in, u)}, R"({"customer":"consent"})");
  }
  return read_back(in, Entity::customer, u.id, {});
}

}  // namespace

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (in.state.empty()) {
    if (!changes_the_account(u)) {
      return StepOutcome::need({consent_mutation(in, u)}, R"({"customer":"consent"})");
    }
    return StepOutcome::need({update_mutation(in, u)}, R"({"customer":"update"})");
  }
  if (in.state.starts_with(kReadBack)) {
    return read_back(in, Entity::customer, u.id, in.state.substr(kReadBack.size()));
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  if (state->phase != "update" && state->phase != "consent") return sdk::lost_write_state(kName);
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data))
    return with_observation(std::move(*failed), in);
  const std::string_view mutation =
      state->phase == "update" ? "customerUpdate" : "customerEmailMarketingConsentUpdate";
  return with_observation(after_mutation(in, u, std::get<json::object>(data), mutation), in);
}

}  // namespace cartgate::shop
