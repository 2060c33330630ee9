// Customer updates as BigCommerce's v3 Customers API takes them. Sources (bigcommerce/docs):
//  - reference/customers.v3.yml, updateCustomers: the body is a list of at most 10 customers
//    (413 above), each with its id; id, registration_ip_address, date_created, date_modified
//    and origin_channel_id are read-only; the answer is {"data": [customer], "meta": {}}
//    without addresses; an invalid customer is a 422 ErrorResponse whose `errors` object names
//    the field;
//  - the same file's customer_Put schema: email 3 to 255 characters and unique in the store,
//    first_name and last_name 1 to 100, phone 0 to 50;
//  - docs/integrations/webhooks/events/index.mdx, Customers: store/customer/updated.
//  - createCustomers (POST, the same list of at most 10): email, first_name and last_name are
//    required; trigger_account_created_notification only e-mails the shopper; the answer is
//    {"data": [customer], "meta": {}}; a new customer fires store/customer/created.
// Not documented, and modelled as a 422 naming the list item (as the schema's errors do): an id
// the store does not have, and an address another customer holds (compared without regard to
// case, as BigCommerce's storefront refuses it: bigcommerce/cornerstone#2154).
#include "platforms/bigcommerce/bc_customer_writes.hpp"

#include <algorithm>
#include <array>
#include <variant>
#include <vector>

#include <boost/json/parse.hpp>

#include <cartgate/http_message.hpp>

#include "control/change_events.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr std::size_t kMostPerCall = 10;

// customer_Put fields the sandbox does not model: taken by BigCommerce, refused here so a test
// cannot believe it changed them.
constexpr std::array<std::string_view, 8> kUnmodelled{
    "company",           "notes",          "tax_exempt_category",
    "customer_group_id", "authentication", "store_credit_amounts",
    "channel_ids",       "form_fields"};
constexpr std::array<std::string_view, 5> kReadOnly{"id", "registration_ip_address", "date_created",
                                                    "date_modified", "origin_channel_id"};

Response invalid(std::size_t index, std::string_view field, std::string reason) {
  return v3_error(422, "The customer was not valid",
                  json::object{{"errors", json::object{{".customers." + std::to_string(index) +
                                                            "." + std::string(field),
                                                        std::move(reason)}}}});
}

// A string field within the schema's lengths, or why not.
std::optional<std::string> text_field(const json::value& v, std::size_t min, std::size_t max) {
  if (!v.is_string()) return "must be a string";
  const auto size = v.get_string().size();
  if (size < min || size > max) {
    return "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters long";
  }
  return std::nullopt;
}

// One field of a list item applied to `next`, or the answer refusing the whole call. An
// address is compared with the store's other customers and those the call adds before it.
std::optional<Response> apply_field(const Store& store, const std::vector<Customer>& pending,
                                    Customer& next, std::string_view key, const json::value& value,
                                    std::size_t index) {
  if (key == "first_name" || key == "last_name") {
    if (auto why = text_field(value, 1, 100)) return invalid(index, key, *why);
    (key == "first_name" ? next.first_name : next.last_name) = value.get_string();
  } else if (key == "phone") {
    if (auto why = text_field(value, 0, 50)) return invalid(index, key, *why);
    next.phone = value.get_string();
  } else if (key == "accepts_product_review_abandoned_cart_emails") {
    if (!value.is_bool()) return invalid(index, key, "must be a boolean");
    next.email_marketing = value.get_bool() ? "subscribed" : "not_subscribed";
  } else if (key == "email") {
    if (auto why = text_field(value, 3, 255)) return invalid(index, key, *why);
    const std::string_view email = value.get_string();
    if (email.find('@') == std::string_view::npos) {
      return invalid(index, key, "must be a valid email address");
    }
    const auto taken = [&](const Customer& other) {
      return other.id != next.id && cartgate::iequals(other.email, email);
    };
    if (std::any_of(store.customers.begin(), store.customers.end(), taken) ||
        std::any_of(pending.begin(), pending.end(), taken)) {
      return invalid(index, key, "The email address is already in use");
    }
    next.email = email;
  } else if (std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end()) {
    // read-only: left as it is
  } else if (std::find(kUnmodelled.begin(), kUnmodelled.end(), key) != kUnmodelled.end()) {
    return v3_error(501, "The sandbox does not model writing '" + std::string(key) + "'.");
  } else {
    return invalid(index, key, "is not a customer field");
  }
  return std::nullopt;
}

// One list item applied to a copy of its customer, or the answer refusing the whole call.
std::variant<Customer, Response> updated(const Store& store, const json::value& item,
                                         std::size_t index) {
  const auto* o = item.if_object();
  if (o == nullptr) return invalid(index, "", "must be a customer object");
  const auto* id = o->if_contains("id");
  if (id == nullptr || !id->is_int64()) return invalid(index, "id", "is required");
  const Customer* found = store.find_customer(id->get_int64());
  if (found == nullptr) {
    return invalid(index, "id", "customer " + std::to_string(id->get_int64()) + " not found");
  }
  Customer next = *found;
  for (const auto& [key, value] : *o) {
    if (auto refused = apply_field(store, {}, next, key, value, index)) return std::move(*refused);
  }
  return next;
}

// An address item's fields into `into` (address_Post's rules when `creating`: every required
// field there), or the answer refusing the whole call; `where` prefixes the error's field.
std::optional<Response> take_address(const json::value& item, std::size_t index,
                                     std::string_view where, Address& into, bool creating) {
  const auto* o = item.if_object();
  if (o == nullptr) return invalid(index, where, "must be an address object");
  struct Rule {
    std::string_view key;
    std::size_t min, max;
    std::string Address::*field;
    bool required;
  };
  const std::array<Rule, 10> rules{{{"first_name", 1, 255, &Address::first_name, true},
                                    {"last_name", 1, 255, &Address::last_name, true},
                                    {"company", 0, 255, &Address::company, false},
                                    {"address1", 1, 255, &Address::line1, true},
                                    {"address2", 0, 255, &Address::line2, false},
                                    {"city", 1, 100, &Address::city, true},
                                    {"state_or_province", 1, 100, &Address::region, true},
                                    {"postal_code", 1, 30, &Address::postcode, true},
                                    {"country_code", 2, 2, &Address::country, true},
                                    {"phone", 0, 50, &Address::phone, false}}};
  Address next = into;
  for (const Rule& rule : rules) {
    const auto* v = o->if_contains(rule.key);
    const std::string field = std::string(where).substr(1) + "." + std::string(rule.key);
    if (v == nullptr) {
      if (creating && rule.required) return invalid(index, field, "is required");
      continue;
    }
    if (auto why = text_field(*v, rule.min, rule.max)) return invalid(index, field, *why);
    next.*(rule.field) = v->get_string();
  }
  for (const auto& [key, value] : *o) {
    const bool known =
        std::any_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.key == key; });
    if (!known && key != "id" && key != "customer_id" && key != "address_type") {
      return v3_error(501, "The sandbox does not model address field '" + std::string(key) + "'.");
    }
  }
  // The state's code is what the storefront keeps beside the name; the sandbox keeps the name.
  next.region_code.clear();
  into = std::move(next);
  return std::nullopt;
}

// One list item as a new customer (no id yet), or the answer refusing the whole call.
std::variant<Customer, Response> added(const Store& store, const std::vector<Customer>& pending,
                                       const json::value& item, std::size_t index) {
  const auto* o = item.if_object();
  if (o == nullptr) return invalid(index, "", "must be a customer object");
  for (const char* required : {"email", "first_name", "last_name"}) {
    if (!o->contains(required)) return invalid(index, required, "is required");
  }
  Customer next;
  for (const auto& [key, value] : *o) {
    if (key == "trigger_account_created_notification") continue;  // an e-mail to the shopper
    if (key == "addresses") {
      const auto* list = value.if_array();
      if (list == nullptr) return invalid(index, key, "must be an array");
      if (list->size() > 1) {
        return v3_error(501, "The sandbox keeps one address per customer.");
      }
      for (const auto& a : *list) {
        if (auto refused = take_address(a, index, ".addresses.0", next.billing, true)) {
          return std::move(*refused);
        }
      }
      continue;
    }
    if (auto refused = apply_field(store, pending, next, key, value, index)) {
      return std::move(*refused);
    }
  }
  return next;
}

// The Customers scope: read_only (the store setting customers_scope) refuses every write.
std::optional<Response> scope_refused(const Store& store) {
  if (auto it = store.settings.find("customers_scope");
      it != store.settings.end() && it->second == "read_only") {
    return v3_error(403, "You don't have a required scope to access the endpoint");
  }
  return std::nullopt;
}

// The call's list of customers, or the answer refusing it.
std::variant<json::array, Response> customer_list(const Request& request) {
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body, ec);
  if (ec || !parsed.is_array() || parsed.get_array().empty()) {
    return v3_error(422, "JSON data is missing or invalid",
                    json::object{{"errors", json::object{}}});
  }
  if (parsed.get_array().size() > kMostPerCall) {
    return v3_error(413,
                    "The request payload is too large. The maximum number of items "
                    "allowed in the array is 10.");
  }
  return std::move(parsed.get_array());
}

}  // namespace

Response update_customers(Store& store, const Request& request, const std::string& base,
                          Dispatcher& dispatcher, Time now) {
  if (auto refused = scope_refused(store)) return std::move(*refused);
  auto list = customer_list(request);
  if (auto* refused = std::get_if<Response>(&list)) return std::move(*refused);
  const json::array& items = std::get<json::array>(list);
  // Every item is checked before any is saved: a refused call changes nothing.
  std::vector<Customer> saved;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto next = updated(store, items[i], i);
    if (auto* refused = std::get_if<Response>(&next)) return std::move(*refused);
    saved.push_back(std::move(std::get<Customer>(next)));
  }
  json::array data;
  ChangeContext changed{store, dispatcher, base, now};
  for (auto& next : saved) {
    Customer* customer = nullptr;
    for (auto& c : store.customers) {
      if (c.id == next.id) customer = &c;
    }
    next.updated = now;
    *customer = std::move(next);
    entity_changed(changed, "customer", "updated", customer->id);
    data.push_back(render_customer(store, *customer, false));
  }
  return reply(200, json::object{{"data", std::move(data)}, {"meta", json::object{}}});
}

Response create_customers(Store& store, const Request& request, const std::string& base,
                          Dispatcher& dispatcher, Time now) {
  if (auto refused = scope_refused(store)) return std::move(*refused);
  auto list = customer_list(request);
  if (auto* refused = std::get_if<Response>(&list)) return std::move(*refused);
  const json::array& items = std::get<json::array>(list);
  // Every item is checked before any is saved: a refused call adds nothing.
  std::vector<Customer> pending;
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto next = added(store, pending, items[i], i);
    if (auto* refused = std::get_if<Response>(&next)) return std::move(*refused);
    pending.push_back(std::move(std::get<Customer>(next)));
  }
  json::array data;
  ChangeContext changed{store, dispatcher, base, now};
  for (auto& c : pending) {
    c.id = store.next_customer_id++;
    c.created = c.updated = now;
    store.customers.push_back(std::move(c));
    entity_changed(changed, "customer", "created", store.customers.back().id);
    data.push_back(render_customer(store, store.customers.back(), false));
  }
  return reply(200, json::object{{"data", std::move(data)}, {"meta", json::object{}}});
}

}  // namespace sandbox::bc

namespace sandbox::bc {

namespace {

bool same_address(const Address& a, const Address& b) {
  return a.first_name == b.first_name && a.last_name == b.last_name && a.company == b.company &&
         a.line1 == b.line1 && a.line2 == b.line2 && a.city == b.city && a.region == b.region &&
         a.postcode == b.postcode && a.country == b.country && a.phone == b.phone;
}

}  // namespace

Response write_addresses(Store& store, const Request& request, Time now) {
  if (auto refused = scope_refused(store)) return std::move(*refused);
  auto list = customer_list(request);
  if (auto* refused = std::get_if<Response>(&list)) return std::move(*refused);
  const json::array& items = std::get<json::array>(list);
  const bool creating = request.method == "POST";
  // Every item is checked before any is saved: a refused call changes nothing.
  std::vector<std::pair<Customer*, Address>> saved;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto* o = items[i].if_object();
    const auto* id = o != nullptr ? o->if_contains(creating ? "customer_id" : "id") : nullptr;
    if (id == nullptr || !id->is_int64()) {
      return invalid(i, creating ? "customer_id" : "id", "is required");
    }
    Customer* customer = nullptr;
    for (auto& c : store.customers) {
      if (c.id == id->get_int64()) customer = &c;
    }
    // An address's id is its customer's in the sandbox (one address each).
    if (customer == nullptr || (!creating && customer->billing.line1.empty())) {
      return invalid(
          i, creating ? "customer_id" : "id",
          (creating ? "customer " : "address ") + std::to_string(id->get_int64()) + " not found");
    }
    Address next = creating ? Address{} : customer->billing;
    if (auto refused = take_address(items[i], i, ".addresses", next, creating)) {
      return std::move(*refused);
    }
    if (creating && !customer->billing.line1.empty() && !same_address(next, customer->billing)) {
      return v3_error(501, "The sandbox keeps one address per customer.");
    }
    saved.emplace_back(customer, std::move(next));
  }
  json::array data;
  for (auto& [customer, address] : saved) {
    // An address the customer already has is no new one: 200, and absent from the answer.
    if (creating && same_address(address, customer->billing)) continue;
    customer->billing = std::move(address);
    customer->updated = now;
    data.push_back(customer_address(*customer));
  }
  return reply(200, json::object{{"data", std::move(data)}, {"meta", json::object{}}});
}

}  // namespace sandbox::bc
