// Customer updates as the GraphQL Admin API (2025-10) takes them, from shopify.dev's reference
// (mutations/customerUpdate, input-objects/CustomerInput, payloads/CustomerUpdatePayload):
//  - customerUpdate(input: CustomerInput!): {customer, userErrors [UserError {field,
//    message}]}; the input names the customer by `id`, and an unknown one is a user error on
//    that field ("Customer does not exist");
//  - CustomerInput: firstName, lastName, email (unique in the shop), phone ("A unique phone
//    number for the customer. Formatted using E.164 standard ... To remove the phone number,
//    specify null."); a field the input type does not define is a top-level INVALID_VARIABLE
//    error and nothing runs;
//  - the write needs write_customers; the save fires customers/update.
// The sandbox's reading of "formatted using E.164": a leading + and 8 to 15 digits, with
// spaces, dashes, dots and brackets between them taken and dropped, is stored as +<digits>;
// anything else is "Phone is invalid". Names longer than 255 characters, as the Admin's
// customer form refuses them, are "is too long (maximum is 255 characters)".
#include "platforms/shopify/shop_customer_writes.hpp"

#include <algorithm>
#include <array>
#include <tuple>

#include <cartgate/http_message.hpp>

#include "common/params.hpp"
#include "control/change_events.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

constexpr std::size_t kMostNameLength = 255;

// CustomerInput fields the sandbox does not model: taken by Shopify, refused here so a test
// cannot believe it changed them.
constexpr std::array<std::string_view, 10> kUnmodelled{
    "addresses", "emailMarketingConsent", "locale", "metafields", "multipassIdentifier",
    "note",      "smsMarketingConsent",   "tags",   "taxExempt",  "taxExemptions"};

// "+44 20 7946 0958" as Shopify stores it, "+442079460958"; nullopt when it is no such number.
std::optional<std::string> e164(std::string_view phone) {
  if (phone.empty() || phone.front() != '+') return std::nullopt;
  std::string out = "+";
  for (char c : phone.substr(1)) {
    if (c >= '0' && c <= '9') {
      out.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (out.size() < 9 || out.size() > 16 || out[1] == '0') return std::nullopt;
  return out;
}

json::object refused(json::array field, const std::string& message) {
  return json::object{
      {"__typename", "CustomerUpdatePayload"},
      {"customer", nullptr},
      {"userErrors", json::array{user_error("UserError", std::move(field), message)}}};
}

Customer* customer_of(Store& store, const json::value* id) {
  const auto shown = gid_number(id, "Customer");
  for (auto& c : store.customers) {
    if (shown && sid(Kind::customer, c.id) == *shown) return &c;
  }
  return nullptr;
}

json::value customer_update(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                            const json::object& args, Time now,
                            std::vector<graphql::Error>& errors) {
  const auto* given = args.if_contains("input");
  if (given == nullptr || !given->is_object()) {
    return input_refused(s, errors, "Field 'customerUpdate' is missing its input");
  }
  const json::object& input = given->get_object();
  // The input type's coercion comes first: an undefined or unmodelled field runs nothing.
  for (const auto& [key, value] : input) {
    if (std::find(kUnmodelled.begin(), kUnmodelled.end(), key) != kUnmodelled.end()) {
      return input_refused(s, errors, "The sandbox does not model customer " + std::string(key));
    }
    const bool text = key == "firstName" || key == "lastName" || key == "email" || key == "phone";
    if (key != "id" && !text) {
      return input_refused(s, errors,
                           "Variable $input of type CustomerInput! was provided invalid value "
                           "for " +
                               std::string(key) + " (Field is not defined on CustomerInput)");
    }
    if (text && !value.is_string() && !value.is_null()) {
      return input_refused(s, errors,
                           "Variable $input of type CustomerInput! was provided invalid value "
                           "for " +
                               std::string(key) + " (Could not coerce value to String)");
    }
  }
  Customer* customer = customer_of(store, input.if_contains("id"));
  if (customer == nullptr) return refused(json::array{"id"}, "Customer does not exist");
  Customer next = *customer;
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto* v = input.if_contains(key);
    if (v == nullptr) return std::nullopt;
    return v->is_string() ? std::string(v->get_string()) : std::string();
  };
  for (const auto& [key, label, slot] : {std::tuple{"firstName", "First name", &next.first_name},
                                         std::tuple{"lastName", "Last name", &next.last_name}}) {
    if (auto v = text(key)) {
      if (v->size() > kMostNameLength) {
        return refused(json::array{key},
                       std::string(label) + " is too long (maximum is 255 characters)");
      }
      *slot = *v;
    }
  }
  if (auto email = text("email")) {
    if (!plausible_email(*email)) return refused(json::array{"email"}, "Email is invalid");
    for (const auto& other : store.customers) {
      if (other.id != customer->id && cartgate::iequals(other.email, *email)) {
        return refused(json::array{"email"}, "Email has already been taken");
      }
    }
    next.email = *email;
  }
  if (auto phone = text("phone")) {
    if (!phone->empty()) {
      auto stored = e164(*phone);
      if (!stored) return refused(json::array{"phone"}, "Phone is invalid");
      for (const auto& other : store.customers) {
        if (other.id != customer->id && other.phone == *stored) {
          return refused(json::array{"phone"}, "Phone has already been taken");
        }
      }
      *phone = *stored;
    }
    next.phone = *phone;  // null: removed
  }
  next.updated = now;
  *customer = std::move(next);
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "customer", "updated", customer->id);
  return json::object{{"__typename", "CustomerUpdatePayload"},
                      {"customer", customer_node(store, *customer)},
                      {"userErrors", json::array{}}};
}

}  // namespace

std::optional<json::value> customer_mutation(Store& store, Dispatcher& dispatcher,
                                             const graphql::Selection& s, const json::object& args,
                                             const std::vector<std::string>& scopes, Time now,
                                             std::vector<graphql::Error>& errors) {
  if (s.name != "customerUpdate") return std::nullopt;
  if (!holds_scope(scopes, "write_customers")) {
    errors.push_back(access_denied(s, "`write_customers` access scope."));
    return json::value(nullptr);
  }
  return customer_update(store, dispatcher, s, args, now, errors);
}

std::optional<json::value> customer_mutation_shape(const Store& store, const std::string& field) {
  if (field != "customerUpdate") return std::nullopt;
  // A customer's node names its own fields only when the store holds it: fill them in.
  json::object customer = customer_node(store, Customer{});
  for (const char* name : {"email", "firstName", "lastName", "phone"})
    customer[name] = "";
  return json::object{{"__typename", "CustomerUpdatePayload"},
                      {"customer", std::move(customer)},
                      {"userErrors", json::array{user_error("UserError", json::array{"id"}, "")}}};
}

}  // namespace sandbox::shop
