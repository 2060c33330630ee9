// customer.add on Magento 2, step by step:
//   1. only after an attempt whose outcome is unknown: GET customers/search for the address
//      (searchCriteria email eq). The customer that attempt created, if it did, is the answer:
//      a second POST would be refused (the address is taken) instead of answering with it;
//   2. POST /V1/customers {"customer": {"email", "firstname", "lastname"}}:
//      AccountManagementInterface::createAccount, in the website of the store view the requests
//      go to. Magento requires both names (refused here before anything is sent) and refuses an
//      address another customer of the website holds (400, passed on). Its answer is the new
//      customer. (POST /V1/customers/ with a trailing slash is CustomerRepository::save instead,
//      behind Magento_Customer::manage; createAccount is the documented way to add one.)
// Magento announces nothing: the poll finds the new customer, marked as the write's.
#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/customer_add.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_customer_address.hpp"
#include "mage_customers.hpp"
#include "mage_mapping.hpp"
#include "mage_requests.hpp"

namespace cartgate::mage {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "Magento";

StepOutcome post(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  json::object customer{{"email", *a.email},
                        {"firstname", a.first_name.value_or("")},
                        {"lastname", a.last_name.value_or("")}};
  if (a.email_marketing) {
    customer["extension_attributes"] = json::object{{"is_subscribed", *a.email_marketing}};
  }
  if (a.default_address) {
    json::object address = address_json(*a.default_address, *a.first_name, *a.last_name);
    if (a.phone) address["telephone"] = *a.phone;
    address["default_billing"] = true;
    address["default_shipping"] = true;
    customer["addresses"] = json::array{std::move(address)};
  }
  return StepOutcome::need(
      {request(in.store, in.env, "POST", "customers", {},
               json::serialize(json::object{{"customer", std::move(customer)}}))},
      R"({"customer":"post"})");
}

// Step 1's answer: the attempt's customer, or the POST still to send.
StepOutcome after_find(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto answer = sdk::json_answer(r, kName, "the customer search", in.call.storage);
  if (!answer) return std::move(answer.error());
  const auto* o = answer->if_object();
  const auto* items = o != nullptr ? o->if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array()) return sdk::malformed(kName, "no customer items");
  const json::value* found = sdk::attempts_customer(
      items->get_array(), a, [&](const json::value& c) { return map_customer(c, in.store); });
  if (found == nullptr) return post(in, a);
  return written_customer(in, *found);
}

}  // namespace

StepOutcome customer_add_step(const StepInput& in) {
  auto params = sdk::customer_add_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& a = *params;
  if (a.phone && !a.default_address) return phone_refused();
  if (!a.first_name || !a.last_name) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "Magento needs a first_name and a last_name for a new customer.");
  }
  if (in.state.empty()) {
    if (!a.reconcile) return post(in, a);
    SearchCriteria find;
    find.filter("email", *a.email, "eq").page(5, 1);
    return StepOutcome::need({get(in.store, in.env, "customers/search", find.params())},
                             R"({"customer":"find"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  if (state->phase == "find") return after_find(in, a);
  if (state->phase == "post") return customer_answer(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::mage
