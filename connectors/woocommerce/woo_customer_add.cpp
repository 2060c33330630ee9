// customer.add on WooCommerce, step by step:
//   1. only after an attempt whose outcome is unknown: GET customers?email=<address>&role=all.
//      The customer that attempt created, if it did, is the answer: a second POST would be
//      refused (the address is taken) instead of answering with the customer;
//   2. POST customers {"email", "first_name", "last_name", "billing": {"phone"}}.
//      wc_create_new_customer() makes the username and a password itself (WooCommerce 9.4 and
//      later) and refuses an address email_exists() finds (400 registration-error-email-exists,
//      passed on). 201: the customer; WooCommerce fires customer.created.
#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/customer_add.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "woo_customers.hpp"
#include "woo_mapping.hpp"
#include "woo_requests.hpp"
#include "woo_write_support.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

StepOutcome post(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  return StepOutcome::need({request(in.store, in.env, "POST", "customers", {},
                                    json::serialize(customer_body(a, true)), 0)},
                           R"({"customer":"post"})");
}

// Step 1's answer: the attempt's customer, or the POST still to send.
StepOutcome after_find(const StepInput& in, const sdk::CustomerUpdateParams& a) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  auto listed = sdk::json_answer(r, kName, "the customer list", in.call.storage);
  if (!listed) return std::move(listed.error());
  if (!listed->is_array()) return sdk::malformed(kName, "the customer list is not a list");
  const json::value* found = sdk::attempts_customer(
      listed->get_array(), a, [&](const json::value& c) { return map_customer(c, in.store); });
  if (found == nullptr) return post(in, a);
  return written_customer(in, *found);
}

}  // namespace

StepOutcome customer_add_step(const StepInput& in) {
  auto params = sdk::customer_add_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  if (params->email_marketing) return no_consent();
  const sdk::CustomerUpdateParams& a = *params;
  if (in.state.empty()) {
    if (!a.reconcile) return post(in, a);
    return StepOutcome::need(
        {get(in.store, in.env, "customers", {{"email", *a.email}, {"role", "all"}})},
        R"({"customer":"find"})");
  }
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  if (state->phase == "find") return after_find(in, a);
  if (state->phase == "post") return customer_answer(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::woo
