// customer.update on BigCommerce, step by step:
//   1. GET /v3/customers?id:in=<id>: the PUT names customers in its body, and the API documents
//      no answer for an id it does not know, so the customer is found first (an empty list is
//      a 404 here, whatever the PUT would have said);
//   2. PUT /v3/customers [{"id", "first_name", "last_name", "email", "phone"}]: values, not
//      increments, so a repeat changes nothing and a retry after an unknown outcome needs no
//      reading back. It fires store/customer/updated. An address another customer holds is a
//      422, passed on with BigCommerce's reason;
//   3. with a default address: PUT /v3/customers/addresses of the customer's first address
//      (which stands for its default), or POST /v3/customers/addresses when it has none, named
//      as the customer when the address names nobody (BigCommerce requires the names). A POST
//      of an address the customer already has changes nothing (BigCommerce answers 200 without
//      it), so a retry adds no second one;
//   4. the customer as customer.info reads it (GET with include=addresses: the PUT's answer
//      has no addresses).
#include "bc_customers.hpp"

#include <string>
#include <variant>

#include <boost/json/serialize.hpp>
#include <boost/system/result.hpp>

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

bool changes_the_account(const sdk::CustomerUpdateParams& u) {
  return u.first_name || u.last_name || u.email || u.phone || u.email_marketing;
}

// Where the default address goes, decided from the customer found: its first address (which
// BigCommerce's customers stand for the default with) is updated, or one is added; an address
// names the customer when it names nobody itself.
json::object address_plan(const sdk::CustomerUpdateParams& u, const json::value& customer) {
  const auto& c = customer.get_object();
  const auto* addresses = c.if_contains("addresses");
  const json::value* first =
      addresses != nullptr && addresses->is_array() && !addresses->get_array().empty()
          ? &addresses->get_array().front()
          : nullptr;
  const auto* first_id =
      first != nullptr && first->is_object() ? first->get_object().if_contains("id") : nullptr;
  const auto text = [&](const char* key) {
    const auto* v = c.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  return json::object{
      {"customer", "address"},
      {"address_id", first_id != nullptr ? sdk::id_text(*first_id).value_or("") : std::string()},
      {"first_name", u.first_name.value_or(text("first_name"))},
      {"last_name", u.last_name.value_or(text("last_name"))}};
}

// The default address written as `plan` says: PUT of the first address, or a POST adding one
// (a POST of an address the customer already has changes nothing and answers 200 without it,
// so a repeat adds no second one).
StepOutcome write_address(const StepInput& in, const sdk::CustomerUpdateParams& u,
                          json::object plan) {
  plan["customer"] = "address";
  json::object a = address_fields(*u.default_address, plan.at("first_name").as_string(),
                                  plan.at("last_name").as_string());
  const std::string_view id = plan.at("address_id").as_string();
  const bool update = !id.empty();
  if (update) {
    a["id"] = sdk::integer_id(id).value_or(0);
  } else {
    a["customer_id"] = sdk::integer_id(u.id).value_or(0);
  }
  return StepOutcome::need({request(in.store, update ? "PUT" : "POST", "/v3/customers/addresses",
                                    {}, json::serialize(json::array{std::move(a)}))},
                           json::serialize(plan));
}

// The customer of a read by id (steps 1 and 4), or the outcome that ends the write.
boost::system::result<json::value, StepOutcome> customer_read(const StepInput& in,
                                                              const sdk::CustomerUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  auto answer = sdk::json_answer(r, kName, "the customer", in.call.storage);
  if (!answer) return std::move(answer.error());
  auto found = only_customer(*answer, u.id);
  if (auto* failed = std::get_if<StepOutcome>(&found)) return std::move(*failed);
  return *std::get<const json::value*>(found);
}

// Step 1: the customer found; the first write to make.
StepOutcome after_look(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  auto found = customer_read(in, u);
  if (!found) return std::move(found.error());
  json::object plan;
  if (u.default_address) plan = address_plan(u, *found);
  if (changes_the_account(u)) {
    plan["customer"] = "put";
    return StepOutcome::need({request(in.store, "PUT", "/v3/customers", {}, put_body(u))},
                             json::serialize(plan));
  }
  return write_address(in, u, plan);
}

// The last step: the customer as it now is, read with its addresses.
StepOutcome after_read(const StepInput& in, const sdk::CustomerUpdateParams& u) {
  auto found = customer_read(in, u);
  if (!found) return std::move(found.error());
  return written_customer(in, std::move(*found));
}

// A write's answer: refused, or the address still to write, or the customer to read again.
StepOutcome after_write(const StepInput& in, const sdk::CustomerUpdateParams& u, json::object plan,
                        bool wrote_address) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r, "customer");
  if (u.default_address && !wrote_address) return write_address(in, u, std::move(plan));
  return StepOutcome::need({read_customer(in, u)}, R"({"customer":"read"})");
}

}  // namespace

StepOutcome written_customer(const StepInput& in, json::value customer) {
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_customer(customer, in.store));
  return sdk::written_entity(mapped, std::move(customer), kName);
}

json::object address_fields(const Address& a, std::string_view first, std::string_view last) {
  const auto part = [](const std::optional<std::string>& v) { return v.value_or(""); };
  // BigCommerce keeps a state or province by name: the name, or the code when none is given.
  return json::object{{"first_name", a.first_name.value_or(std::string(first))},
                      {"last_name", a.last_name.value_or(std::string(last))},
                      {"company", part(a.company)},
                      {"address1", part(a.address1)},
                      {"address2", part(a.address2)},
                      {"city", part(a.city)},
                      {"state_or_province", a.region ? *a.region : part(a.region_code)},
                      {"postal_code", part(a.postal_code)},
                      {"country_code", part(a.country_code)},
                      {"phone", part(a.phone)}};
}

StepOutcome customer_update_step(const StepInput& in) {
  auto params = sdk::customer_update_params(in.call, kName, true);
  if (!params) return std::move(params.error());
  const sdk::CustomerUpdateParams& u = *params;
  if (!sdk::integer_id(u.id)) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "BigCommerce has no such customer.");
  }
  if (in.state.empty()) return StepOutcome::need({read_customer(in, u)}, R"({"customer":"look"})");
  auto state = sdk::write_state(in, "customer", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  StepOutcome next = phase == "look"      ? after_look(in, u)
                     : phase == "put"     ? after_write(in, u, state->fields, false)
                     : phase == "address" ? after_write(in, u, state->fields, true)
                     : phase == "read"    ? after_read(in, u)
                                          : sdk::lost_write_state(kName);
  // What each answer said of the store's rate budget, for the outbound limiter.
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
