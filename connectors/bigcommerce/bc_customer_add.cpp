// customer.add on BigCommerce, step by step:
//   1. only after an attempt whose outcome is unknown: GET /v3/customers?email:in=<address>.
//      The customer that attempt created, if it did, is the answer: a second POST would be
//      refused (the address is taken) instead of answering with the customer;
//   2. POST /v3/customers [{"email", "first_name", "last_name", "phone"}]: createCustomers
//      requires both names (refused here before anything is sent), and refuses an address
//      another customer holds (422, passed on with BigCommerce's reason). Its answer is
//      {"data": [customer]}; a new customer given a default address (in the POST's `addresses`)
//      is read again with it. It fires store/customer/created.
#include <boost/json/serialize.hpp>
#include <boost/system/result.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/customer_add.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "bc_customers.hpp"
#include "bc_mapping.hpp"
#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

StepOutcome post(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  json::object customer{{"email", *a.email},
                        {"first_name", a.first_name.value_or("")},
                        {"last_name", a.last_name.value_or("")}};
  if (a.phone) customer["phone"] = *a.phone;
  if (a.email_marketing) {
    customer["accepts_product_review_abandoned_cart_emails"] = *a.email_marketing;
  }
  if (a.default_address) {
    customer["addresses"] =
        json::array{address_fields(*a.default_address, *a.first_name, *a.last_name)};
  }
  return StepOutcome::need({request(in.store, "POST", "/v3/customers", {},
                                    json::serialize(json::array{std::move(customer)}))},
                           R"({"customer":"post"})");
}

// A {"data": [customers]} answer, or the outcome it ends the write with.
boost::system::result<json::value, StepOutcome> listed(const StepInput& in, std::string_view what) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto answer = sdk::json_answer(r, kName, what, in.call.storage);
  if (!answer) return std::move(answer.error());
  const auto* o = answer->if_object();
  const auto* data = o != nullptr ? o->if_contains("data") : nullptr;
  if (data == nullptr || !data->is_array()) return sdk::malformed(kName, "no customer list");
  return std::move(*answer);
}

// Step 1's answer: the attempt's customer, or the POST still to send.
StepOutcome after_find(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  auto answer = listed(in, "the customer list");
  if (!answer) return std::move(answer.error());
  const json::value* found =
      sdk::attempts_customer(answer->at("data").get_array(), a,
                             [&](const json::value& c) { return map_customer(c, in.store); });
  if (found == nullptr) return post(in, a);
  return written_customer(in, *found);
}

// Step 2's answer: the new customer, read again with its address when it was given one.
StepOutcome after_post(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  auto answer = listed(in, "the new customer");
  if (!answer) return std::move(answer.error());
  const json::array& data = answer->at("data").get_array();
  if (data.size() != 1) return sdk::malformed(kName, "not one new customer");
  if (!a.default_address) return written_customer(in, data.front());
  const auto* id = data.front().is_object() ? data.front().get_object().if_contains("id") : nullptr;
  const auto text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
  if (!text) return sdk::malformed(kName, "a new customer without an id");
  return StepOutcome::need(
      {request(in.store, "GET", "/v3/customers", {{"id:in", *text}, {"include", "addresses"}})},
      R"({"customer":"read"})");
}

// Step 3's answer: the new customer with its address.
StepOutcome after_read(const StepInput& in) {
  auto answer = listed(in, "the new customer");
  if (!answer) return std::move(answer.error());
  const json::array& data = answer->at("data").get_array();
  if (data.size() != 1) return sdk::malformed(kName, "not one new customer");
  return written_customer(in, data.front());
}

}  // namespace

StepOutcome customer_add_step(const StepInput& in) {
  auto params = sdk::customer_add_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& a = *params;
  if (!a.first_name || !a.last_name) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "BigCommerce needs a first_name and a last_name for a new customer.");
  }
  if (in.state.empty()) {
    if (!a.reconcile) return post(in, a);
    return StepOutcome::need({request(in.store, "GET", "/v3/customers",
                                      {{"email:in", *a.email}, {"include", "addresses"}})},
                             R"({"customer":"find"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  StepOutcome next = state->phase == "find"   ? after_find(in, a)
                     : state->phase == "post" ? after_post(in, a)
                     : state->phase == "read" ? after_read(in)
                                              : sdk::lost_write_state(kName);
  // What each answer said of the store's rate budget, for the outbound limiter.
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
