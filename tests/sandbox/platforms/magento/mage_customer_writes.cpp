// Customer saves as Magento 2.4 carries them out. Sources (magento/magento2,
// app/code/Magento/Customer):
//  - etc/webapi.xml: PUT /V1/customers/:customerId is CustomerRepositoryInterface::save and
//    needs Magento_Customer::manage;
//  - Model/ResourceModel/CustomerRepository.php, save(): the customer saved is built from the
//    request alone; the stored one fills in only the group (no group_id sent), the store (no
//    store_id) and, while no `addresses` are sent, the default billing and shipping address.
//    Sent `addresses` replace the customer's (each one not listed is deleted). The saved
//    customer is then looked up by the e-mail address and website sent;
//  - Model/ResourceModel/Customer.php, _beforeSave(): no e-mail address is "The customer email
//    is missing. Enter and try again."; one another customer of the website holds is "A
//    customer with the same email address already exists in an associated website."; the
//    customer's required attributes are validated (firstname and lastname: "\"%1\" is a
//    required value.").
//  - etc/webapi.xml: POST /V1/customers is AccountManagementInterface::createAccount, a route
//    open to anonymous callers (a shopper signing up), so no ACL resource is checked;
//    Model/AccountManagement.php, createAccountWithPasswordHash(): the new customer goes
//    through the same save and checks (e-mail address, unique in the website, the names); the
//    answer is the new customer.
// So a PUT of only the fields that change fails on Magento (no e-mail address, no names), and
// a PUT of the customer read back with its updated_at keeps that updated_at: the sandbox moves
// updated_at only when it is not sent. Addresses sent are not modelled here (501).
#include "platforms/magento/mage_customer_writes.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <variant>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/http_message.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "platforms/magento/mage_render.hpp"
#include "platforms/magento/mage_reply.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

// CustomerInterface fields the sandbox keeps as they are (a client that sends the customer it
// read sends them all).
constexpr std::array<std::string_view, 13> kKeptAsTheyAre{"id",
                                                          "group_id",
                                                          "default_billing",
                                                          "default_shipping",
                                                          "created_at",
                                                          "created_in",
                                                          "store_id",
                                                          "website_id",
                                                          "disable_auto_group_change",
                                                          "extension_attributes",
                                                          "custom_attributes",
                                                          "confirmation",
                                                          "gender"};

std::string text_of(const json::object& customer, std::string_view key) {
  const auto* v = customer.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// "2026-11-24 09:58:00" (Magento's SQL datetime, UTC), or nothing.
std::optional<Time> sql_time(std::string text) {
  if (text.size() != 19 || text[10] != ' ') return std::nullopt;
  text[10] = 'T';
  return parse_iso(text);
}

// The request's {"customer": {...}} object, or the answer refusing it.
std::variant<json::object, Response> sent_customer(const Request& request) {
  boost::system::error_code ec;
  json::value body = json::parse(request.body, ec);
  auto* sent = !ec && body.is_object() ? body.get_object().if_contains("customer") : nullptr;
  if (sent == nullptr || !sent->is_object()) {
    return error(400, "\"%fieldName\" is required. Enter and try again.",
                 json::object{{"fieldName", "customer"}});
  }
  return std::move(sent->get_object());
}

// Sent `addresses` replace the customer's (one not listed is deleted); each is checked as
// Model/Address/Validator/General::validate() does (the names, a street, the city, the
// telephone, the postcode and the country, each '"%fieldName" is required. Enter and try
// again.'). The sandbox keeps one address per customer (its id the customer's).
std::optional<Response> take_addresses(const json::object& customer, Customer& c) {
  const auto* sent = customer.if_contains("addresses");
  if (sent == nullptr) return std::nullopt;  // left out: kept (while the save needs none)
  if (!sent->is_array()) {
    return error(400, "\"%fieldName\" is required. Enter and try again.",
                 json::object{{"fieldName", "addresses"}});
  }
  const json::array& list = sent->get_array();
  if (list.size() > 1) return error(501, "The sandbox keeps one address per customer.");
  if (list.empty()) {
    c.billing = Address{};
    return std::nullopt;
  }
  const auto* a = list.front().if_object();
  if (a == nullptr) return error(400, "The address is not an object.");
  if (const auto* id = a->if_contains("id"); id != nullptr && !id->is_null()) {
    const bool ours = id->is_int64() && id->get_int64() == c.id && !c.billing.line1.empty();
    if (!ours) {
      return error(404, "No such entity with %fieldName = %fieldValue",
                   json::object{{"fieldName", "addressId"}, {"fieldValue", json::serialize(*id)}});
    }
  }
  const auto* street = a->if_contains("street");
  const json::array* lines = street != nullptr ? street->if_array() : nullptr;
  const auto line = [&](std::size_t i) {
    return lines != nullptr && lines->size() > i && lines->at(i).is_string()
               ? std::string(lines->at(i).get_string())
               : std::string();
  };
  for (const char* required :
       {"firstname", "lastname", "street", "city", "telephone", "postcode", "country_id"}) {
    const bool given =
        std::string_view(required) == "street" ? !line(0).empty() : !text_of(*a, required).empty();
    if (!given) {
      return error(400, "\"%fieldName\" is required. Enter and try again.",
                   json::object{{"fieldName", required}});
    }
  }
  Address next;
  next.first_name = text_of(*a, "firstname");
  next.last_name = text_of(*a, "lastname");
  next.company = text_of(*a, "company");
  next.line1 = line(0);
  next.line2 = line(1);
  next.city = text_of(*a, "city");
  next.phone = text_of(*a, "telephone");
  next.postcode = text_of(*a, "postcode");
  next.country = text_of(*a, "country_id");
  if (const auto* region = a->if_contains("region"); region != nullptr && region->is_object()) {
    next.region_code = text_of(region->get_object(), "region_code");
    next.region = text_of(region->get_object(), "region");
  }
  c.billing = std::move(next);
  return std::nullopt;
}

// The checks _beforeSave() and the attribute validation make of a customer about to be saved
// as `c` (id 0: a new one), and its e-mail address and names taken; or Magento's refusal.
std::optional<Response> take_fields(const Store& store, const json::object& customer, Customer& c) {
  for (const auto& [key, value] : customer) {
    const bool modelled =
        key == "email" || key == "firstname" || key == "lastname" || key == "updated_at";
    if (key == "addresses") continue;  // take_addresses()
    if (!modelled &&
        std::find(kKeptAsTheyAre.begin(), kKeptAsTheyAre.end(), key) == kKeptAsTheyAre.end()) {
      return error(400, "Property \"%1\" does not have accessor method \"%2\" in class \"%3\".",
                   json::array{key, "get" + std::string(key),
                               "Magento\\Customer\\Api\\Data\\CustomerInterface"});
    }
  }
  const std::string email = text_of(customer, "email");
  if (email.empty()) return error(400, "The customer email is missing. Enter and try again.");
  if (!plausible_email(email)) {
    return error(400, "Invalid value of \"%value\" provided for the %fieldName field.",
                 json::object{{"value", email}, {"fieldName", "email"}});
  }
  for (const auto& other : store.customers) {
    if (other.id != c.id && cartgate::iequals(other.email, email)) {
      return error(400,
                   "A customer with the same email address already exists in an associated "
                   "website.");
    }
  }
  for (const auto& [key, label] :
       {std::pair{"firstname", "First Name"}, std::pair{"lastname", "Last Name"}}) {
    if (text_of(customer, key).empty()) {
      return error(400, "\"%1\" is a required value.", json::array{label});
    }
  }
  if (auto refused = take_addresses(customer, c)) return refused;
  c.email = email;
  c.first_name = text_of(customer, "firstname");
  c.last_name = text_of(customer, "lastname");
  // The newsletter module's plugin on the save: is_subscribed sent subscribes or unsubscribes;
  // left out, the subscription stays as it is.
  const auto* extension = customer.if_contains("extension_attributes");
  const auto* subscribed = extension != nullptr && extension->is_object()
                               ? extension->get_object().if_contains("is_subscribed")
                               : nullptr;
  if (subscribed != nullptr && subscribed->is_bool()) {
    c.email_marketing = subscribed->get_bool() ? "subscribed" : "not_subscribed";
  }
  return std::nullopt;
}

Response save(Store& store, Customer& c, const Request& request, Time now) {
  auto sent = sent_customer(request);
  if (auto* refused = std::get_if<Response>(&sent)) return std::move(*refused);
  const json::object& customer = std::get<json::object>(sent);
  Customer next = c;
  if (auto refused = take_fields(store, customer, next)) return std::move(*refused);
  // An updated_at sent is saved as sent (an explicit value beats the column's ON UPDATE).
  const auto sent_updated = sql_time(text_of(customer, "updated_at"));
  next.updated = sent_updated ? *sent_updated : now;
  c = std::move(next);
  return reply(200, render_customer(store, c));
}

// POST customers: AccountManagement::createAccount() for a customer that has no id yet.
Response create(Store& store, const Request& request, Time now) {
  auto sent = sent_customer(request);
  if (auto* refused = std::get_if<Response>(&sent)) return std::move(*refused);
  const json::object& customer = std::get<json::object>(sent);
  if (customer.contains("id")) {
    return error(501, "The sandbox does not model createAccount for a customer with an id.");
  }
  Customer c;
  if (auto refused = take_fields(store, customer, c)) return std::move(*refused);
  c.id = store.next_customer_id++;
  c.created = c.updated = now;
  store.customers.push_back(std::move(c));
  return reply(200, render_customer(store, store.customers.back()));
}

}  // namespace

std::optional<Response> customer_create(Store& store, const Request& request,
                                        const std::string& path, Time now) {
  // The route is anonymous (webapi.xml): whoever asks, with or without credentials or ACL.
  if (request.method != "POST" || path != "customers") return std::nullopt;
  return create(store, request, now);
}

std::optional<Response> customer_write(Store& store, const Request& request,
                                       const std::string& path, Time now) {
  if (request.method != "PUT" || !path.starts_with("customers/")) return std::nullopt;
  std::int64_t id = 0;
  if (!parse_int(std::string_view(path).substr(10), id)) return std::nullopt;
  if (auto refused = denied(store, "Magento_Customer::manage")) return *refused;
  for (auto& c : store.customers) {
    if (c.id == id) return save(store, c, request, now);
  }
  return error(404, "No such entity with %fieldName = %fieldValue",
               json::object{{"fieldName", "customerId"}, {"fieldValue", std::to_string(id)}});
}

}  // namespace sandbox::mage
