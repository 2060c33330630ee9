// customer.add on Shopify, step by step:
//   1. only after an attempt whose outcome is unknown: customers(query: "email:<address>").
//      The customer that attempt created, if it did, is the answer: a second customerCreate
//      would be refused ("Email has already been taken") instead of answering with it;
//   2. customerCreate(input: {email, firstName, lastName, phone, emailMarketingConsent})
//      (scope write_customers; a new customer takes its consent in the input),
//      selecting the whole customer as customer.info reads it: no read back is needed. Shopify
//      checks the address and the phone (E.164, unique in the shop) and answers userErrors.
//      It fires customers/create.
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/customer_add.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "shop_customers.hpp"
#include "shop_graphql.hpp"
#include "shop_mapping.hpp"
#include "shop_queries.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr std::string_view kCreateMutation =
    "mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { ...C } "
    "userErrors { field message } } }";
constexpr std::string_view kFindQuery =
    "query($query: String!) { customers(first: 5, query: $query) { nodes { ...C } } }";
constexpr double kMutationCost = 10;

HttpRequest create_mutation(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  json::object input{{"email", *a.email}};
  if (a.first_name) input["firstName"] = *a.first_name;
  if (a.last_name) input["lastName"] = *a.last_name;
  if (a.phone) input["phone"] = *a.phone;
  if (a.default_address) input["addresses"] = json::array{mailing_address(*a.default_address)};
  if (a.email_marketing) {
    input["emailMarketingConsent"] =
        json::object{{"marketingState", *a.email_marketing ? "SUBSCRIBED" : "UNSUBSCRIBED"},
                     {"marketingOptInLevel", "SINGLE_OPT_IN"}};
  }
  return graphql(in.store, kCreateMutation, {kCustomerFragment, kAddressFragment},
                 {{"input", std::move(input)}}, kMutationCost);
}

// Shopify's search syntax for one address: quoted, so its dots and signs are not syntax.
std::string email_query(std::string_view email) {
  std::string out = "email:\"";
  for (char c : email) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

StepOutcome written(const StepInput& in, const json::value& node) {
  // Mapped before the node is copied into the result.
  auto mapped = sdk::any_entity(map_customer(node, in.store));
  return sdk::written_entity(mapped, node, kName);
}

StepOutcome after_find(const StepInput& in, const sdk::CustomerUpdateParams& a,
                       const json::object& data) {
  const auto* customers = data.if_contains("customers");
  const auto* nodes = customers != nullptr && customers->is_object()
                          ? customers->as_object().if_contains("nodes")
                          : nullptr;
  if (nodes == nullptr || !nodes->is_array()) return sdk::malformed(kName, "no customer list");
  const json::value* found = sdk::attempts_customer(
      nodes->as_array(), a, [&](const json::value& c) { return map_customer(c, in.store); });
  if (found == nullptr) {
    return StepOutcome::need({create_mutation(in, a)}, R"({"customer":"create"})");
  }
  return written(in, *found);
}

StepOutcome after_create(const StepInput& in, const json::object& data) {
  const auto* payload = data.if_contains("customerCreate");
  if (payload == nullptr || !payload->is_object()) return sdk::malformed(kName, "no payload");
  const json::object& p = payload->as_object();
  if (auto refused = user_errors(p, "userErrors")) return std::move(*refused);
  const auto* customer = p.if_contains("customer");
  if (customer == nullptr || !customer->is_object()) {
    return sdk::malformed(kName, "customerCreate answered neither a customer nor an error");
  }
  return written(in, *customer);
}

}  // namespace

StepOutcome customer_add_step(const StepInput& in) {
  auto params = sdk::customer_add_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& a = *params;
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (in.state.empty()) {
    if (!a.reconcile)
      return StepOutcome::need({create_mutation(in, a)}, R"({"customer":"create"})");
    return StepOutcome::need({graphql(in.store, kFindQuery, {kCustomerFragment, kAddressFragment},
                                      {{"query", email_query(*a.email)}}, 5 * kCustomerCost + 2)},
                             R"({"customer":"find"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data)) {
    return with_observation(std::move(*failed), in);
  }
  const json::object& answer = std::get<json::object>(data);
  StepOutcome next = state->phase == "find"     ? after_find(in, a, answer)
                     : state->phase == "create" ? after_create(in, answer)
                                                : sdk::lost_write_state(kName);
  return with_observation(std::move(next), in);
}

}  // namespace cartgate::shop
