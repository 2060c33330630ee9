// Customer updates as WooCommerce answers them. Sources (woocommerce/woocommerce,
// plugins/woocommerce, and WordPress):
//  - includes/rest-api/Controllers/Version2/class-wc-rest-customers-v2-controller.php,
//    get_item_schema(): email is a string of format email, which WordPress checks with
//    is_email() before the controller runs (400 rest_invalid_param, "Invalid email
//    address."); names and the billing fields are strings;
//  - Version1/class-wc-rest-customers-v1-controller.php: the permission check looks the user up
//    first (Users::get_user_in_current_site(): 404 wc_user_invalid_id "Invalid user ID.");
//    update_item() refuses an address that email_exists() finds unless it is exactly the
//    customer's own (400 woocommerce_rest_customer_invalid_email "Email address is invalid."),
//    and email_exists() compares without regard to case (MySQL's collation), so the customer's
//    own address in other capitals is refused too (woocommerce/woocommerce-rest-api#249); a
//    different username is refused ("Username isn't editable."); update_customer_meta_fields()
//    sets first_name and last_name through wc_clean() (trimmed) and each billing field given.
//    The save fires customer.updated.
// Customer creation (POST customers):
//  - Version1/class-wc-rest-customers-v1-controller.php, register_routes(): email is required;
//    username is required when the store's woocommerce_registration_generate_username is "no",
//    password when woocommerce_registration_generate_password is "no" (its default there is
//    "no": a store whose option was never saved asks for one; WooCommerce's settings page
//    saves "yes"). A missing one is 400 rest_missing_callback_param "Missing parameter(s): ...".
//    The sandbox store settings registration_generate_username/_password ("yes" unless set)
//    stand for the options;
//  - create_item(): an `id` sent is 400 woocommerce_rest_customer_exists "Cannot create existing
//    resource."; update_customer_meta_fields() sets the names and billing fields; 201 with the
//    customer;
//  - includes/wc-user-functions.php, wc_create_new_customer() (9.4 and later): an address
//    email_exists() finds (without regard to case) is 400 registration-error-email-exists "An
//    account is already registered with <address>. Please log in or use a different email
//    address."; the username and the password are made when not sent;
//  - the woocommerce_created_customer action fires customer.created.
#include "platforms/woocommerce/woo_customer_writes.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include <cartgate/http_message.hpp>

#include "common/params.hpp"
#include "platforms/woocommerce/woo_reply.hpp"
#include "platforms/woocommerce/woo_writes.hpp"

namespace sandbox::woo {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

Response not_modelled(const std::string& what) {
  return wp_error(501, "sandbox_not_emulated", "The sandbox does not model " + what + ".");
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// WordPress's is_email(): at least 6 characters, a local part of the characters it allows, a
// domain of two or more labels of letters, digits and inner hyphens.
bool is_email(std::string_view e) {
  const auto at = e.find('@', 1);
  if (e.size() < 6 || at == std::string_view::npos) return false;
  const std::string_view local = e.substr(0, at), domain = e.substr(at + 1);
  constexpr std::string_view kLocal = "!#$%&'*+/=?^_`{|}~.-";
  for (char c : local) {
    const bool alnum = (lower(c) >= 'a' && lower(c) <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && kLocal.find(c) == std::string_view::npos) return false;
  }
  if (domain.empty() || domain.find("..") != domain.npos || domain.front() == '.' ||
      domain.back() == '.') {
    return false;
  }
  std::size_t labels = 0;
  for (std::size_t start = 0; start <= domain.size(); ++labels) {
    const auto dot = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!((lower(c) >= 'a' && lower(c) <= 'z') || (c >= '0' && c <= '9') || c == '-'))
        return false;
    }
    start = dot + 1;
  }
  return labels >= 2;
}

std::string_view trimmed(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

// The arguments WordPress validates against the schema, before the customer is looked up.
std::optional<Response> invalid_argument(const json::object& params) {
  for (const char* name : {"first_name", "last_name", "email", "username", "password"}) {
    const auto* v = params.if_contains(name);
    if (v != nullptr && !v->is_null() && !v->is_string()) {
      return invalid_param(name, std::string(name) + " is not of type string.");
    }
  }
  if (const auto* v = params.if_contains("email"); v != nullptr && v->is_string()) {
    if (!is_email(v->get_string())) return invalid_param("email", "Invalid email address.");
  }
  if (const auto* v = params.if_contains("billing"); v != nullptr && !v->is_null()) {
    if (!v->is_object()) return invalid_param("billing", "billing is not of type object.");
    for (const auto& [key, field] : v->get_object()) {
      if (!field.is_string() && !field.is_null()) {
        return invalid_param("billing", "billing[" + std::string(key) + "] is not of type string.");
      }
    }
  }
  return std::nullopt;
}

CustomerWriteAnswer refusal(Response r) {
  return CustomerWriteAnswer{std::move(r), std::nullopt, std::nullopt};
}

// The store option `name` (settings), "yes" when the store has not set it.
bool option_on(const Store& store, const std::string& name) {
  auto it = store.settings.find(name);
  return it == store.settings.end() || it->second != "no";
}

// The body's names and billing address applied to `c`, or the refusal of a billing field the
// sandbox does not model.
std::optional<Response> apply_fields(const json::object& params, Customer& c) {
  if (const auto* v = params.if_contains("first_name"); v != nullptr && v->is_string()) {
    c.first_name = trimmed(v->get_string());
  }
  if (const auto* v = params.if_contains("last_name"); v != nullptr && v->is_string()) {
    c.last_name = trimmed(v->get_string());
  }
  if (const auto* billing = params.if_contains("billing");
      billing != nullptr && billing->is_object()) {
    // update_customer_meta_fields(): each billing field given is set (wc_clean: trimmed).
    const std::array<std::pair<std::string_view, std::string Address::*>, 10> fields{
        {{"first_name", &Address::first_name},
         {"last_name", &Address::last_name},
         {"company", &Address::company},
         {"address_1", &Address::line1},
         {"address_2", &Address::line2},
         {"city", &Address::city},
         {"state", &Address::region_code},
         {"postcode", &Address::postcode},
         {"country", &Address::country},
         {"phone", &Address::phone}}};
    for (const auto& [key, field] : billing->get_object()) {
      if (!field.is_string()) continue;
      const auto* known =
          std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.first == key; });
      if (known == fields.end()) return not_modelled("billing " + std::string(key));
      c.billing.*(known->second) = trimmed(field.get_string());
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<CustomerWriteAnswer> customer_create(Store& store, const Request& request,
                                                   const Links& links, Time now) {
  if (request.method != "POST") return std::nullopt;
  json::object params;
  if (auto bad = read_body(request, params)) return refusal(std::move(*bad));
  std::string missing;
  const auto require = [&](const char* name, bool required) {
    const auto* v = params.if_contains(name);
    if (required && (v == nullptr || v->is_null())) {
      missing += (missing.empty() ? "" : ", ") + std::string(name);
    }
  };
  require("email", true);
  require("username", !option_on(store, "registration_generate_username"));
  require("password", !option_on(store, "registration_generate_password"));
  if (!missing.empty()) {
    return refusal(wp_error(400, "rest_missing_callback_param", "Missing parameter(s): " + missing,
                            json::object{{"params", json::array{}}}));
  }
  if (auto bad = invalid_argument(params)) return refusal(std::move(*bad));
  if (params.contains("id")) {
    return refusal(
        wp_error(400, "woocommerce_rest_customer_exists", "Cannot create existing resource."));
  }
  if (params.contains("shipping")) return refusal(not_modelled("shipping addresses"));
  const std::string email(trimmed(params.at("email").as_string()));
  for (const auto& c : store.customers) {
    if (cartgate::iequals(c.email, email)) {
      return refusal(wp_error(400, "registration-error-email-exists",
                              "An account is already registered with " + email +
                                  ". Please log in or use a different email address."));
    }
  }
  Customer c;
  c.email = email;
  if (auto bad = apply_fields(params, c)) return refusal(std::move(*bad));
  c.id = store.next_customer_id++;
  c.created = c.updated = now;
  store.customers.push_back(std::move(c));
  const Customer& added = store.customers.back();
  Response r = reply(201, render_customer(store, added, links));
  r.headers.push_back(
      {"Location", links.home_url + "/wp-json/wc/v3/customers/" + std::to_string(added.id)});
  return CustomerWriteAnswer{std::move(r), std::nullopt, added.id};
}

std::optional<CustomerWriteAnswer> customer_write(Store& store, const Request& request,
                                                  const std::string& item, const Links& links,
                                                  Time now) {
  std::int64_t id = 0;
  if (!is_write_method(request.method) || !parse_int(item, id)) return std::nullopt;
  json::object params;
  if (auto bad = read_body(request, params)) return refusal(std::move(*bad));
  if (auto bad = invalid_argument(params)) return refusal(std::move(*bad));
  Customer* customer = nullptr;
  for (auto& c : store.customers) {
    if (c.id == id) customer = &c;
  }
  if (customer == nullptr) {
    return refusal(wp_error(404, "wc_user_invalid_id", "Invalid user ID."));
  }
  if (const auto* v = params.if_contains("email"); v != nullptr && v->is_string()) {
    const std::string_view email = v->get_string();
    const bool exists =
        std::any_of(store.customers.begin(), store.customers.end(),
                    [&](const Customer& c) { return cartgate::iequals(c.email, email); });
    if (exists && email != customer->email) {
      return refusal(
          wp_error(400, "woocommerce_rest_customer_invalid_email", "Email address is invalid."));
    }
  }
  if (const auto* v = params.if_contains("username"); v != nullptr && v->is_string()) {
    if (v->get_string() != "customer" + std::to_string(customer->id)) {
      return refusal(
          wp_error(400, "woocommerce_rest_customer_invalid_argument", "Username isn't editable."));
    }
  }
  if (params.contains("password") || params.contains("shipping")) {
    return refusal(not_modelled("passwords and shipping addresses"));
  }
  Customer next = *customer;
  if (const auto* v = params.if_contains("email"); v != nullptr && v->is_string()) {
    next.email = trimmed(v->get_string());
  }
  if (auto bad = apply_fields(params, next)) return refusal(std::move(*bad));
  const auto same_address = [](const Address& a, const Address& b) {
    return a.first_name == b.first_name && a.last_name == b.last_name && a.company == b.company &&
           a.line1 == b.line1 && a.line2 == b.line2 && a.city == b.city &&
           a.region_code == b.region_code && a.postcode == b.postcode && a.country == b.country &&
           a.phone == b.phone;
  };
  const bool changed = next.email != customer->email || next.first_name != customer->first_name ||
                       next.last_name != customer->last_name ||
                       !same_address(next.billing, customer->billing);
  if (changed) next.updated = now;
  *customer = std::move(next);
  return CustomerWriteAnswer{reply(200, render_customer(store, *customer, links)), customer->id,
                             std::nullopt};
}

}  // namespace sandbox::woo
