// customer.update on BigCommerce, step by step:
//   1. GET /v3/customers?id:in=<id>: the PUT names customers in its body, and the API documents
//      no answer for an id it does not know, so the customer is found first (an empty list is
//      a 404 here, whatever the PUT would have said);
//   2. PUT /v3/customers [{"id", "first_name", "last_name", "email", "phone"}]: values, not
//      increments, so a repeat changes nothing and a retry after an unknown outcome needs no
//      reading back. It fires store/customer/updated. An address another customer holds is a
//      422, passed on with BigCommerce's reason;
//   3. the customer as customer.info reads it (GET with include=addresses: the PUT's answer
//      has no addresses).
#include "bc_customers.hpp"

#include <string>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "bc_mapping.hpp"
#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

HttpRequest read_customer(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  return request(in.store, "GET", "/v3/customers", {{"id:in", u.id}, {"include", "addresses"}});
}

// The customer of a {"data": [customer]} answer to GET ?id:in=<id>, or why there is none.
std::variant<const json::value*, StepOutcome> only_customer(const json::value& answer,
                                                            const std::string& id) {
  const auto* o = answer.if_object();
  const auto* data = o != nullptr ? o->if_contains("data") : nullptr;
  if (data == nullptr || !data->is_array()) return sdk::malformed(kName, "no customer list");
  const auto& list = data->get_array();
  if (list.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "BigCommerce has no such customer.");
  }
  const auto* c = list.front().if_object();
  const auto* got = c != nullptr ? c->if_contains("id") : nullptr;
  const auto text = got != nullptr ? sdk::id_text(*got) : std::nullopt;
  if (list.size() != 1 || !text || *text != id) {
    return sdk::malformed(kName, "the customer list is not the customer asked for");
  }
  return &list.front();
}

std::string put_body(const sdk::CustomerUpdateParams& u) {
  // The id was checked to be a whole number when the customer was found by it.
  json::object customer{{"id", sdk::integer_id(u.id).value_or(0)}};
  if (u.first_name) customer["first_name"] = *u.first_name;
  if (u.last_name) customer["last_name"] = *u.last_name;
  if (u.email) customer["email"] = *u.email;
  if (u.phone) customer["phone"] = *u.phone;
  if (u.email_marketing)
    customer["accepts_product_review_abandoned_cart_emails"] = *u.email_marketing;
  return json::serialize(json::array{std::move(customer)});
}

// Steps 1 and 3: the customer found, and (after the PUT) the write's result.
StepOutcome after_read(const StepInput& in, const sdk::CustomerUpdateParams& u, bool written) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto answer = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!answer) return std::move(answer.error());
  auto found = only_customer(*answer, u.id);
  if (auto* failed = std::get_if<StepOutcome>(&found)) return std::move(*failed);
  if (!written) {
    return StepOutcome::need({request(in.store, "PUT", "/v3/customers", {}, put_body(u))},
                             R"({"customer":"put"})");
  }
  json::value customer = *std::get<const json::value*>(found);
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_customer(customer, in.store));
  return sdk::written_entity(mapped, std::move(customer), kName);
}

// Step 2's answer: refused, or the customer to read again.
StepOutcome after_put(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  return StepOutcome::need({read_customer(in, u)}, R"({"customer":"read"})");
}

}  // namespace

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
  if (!sdk::integer_id(u.id)) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "BigCommerce has no such customer.");
  }
  if (in.state.empty()) return StepOutcome::need({read_customer(in, u)}, R"({"customer":"look"})");
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  StepOutcome next = phase == "look"   ? after_read(in, u, false)
                     : phase == "put"  ? after_put(in, u)
                     : phase == "read" ? after_read(in, u, true)
                                       : sdk::lost_write_state(kName);
  // What each answer said of the store's rate budget, for the outbound limiter.
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
