#include "mage_customer_address.hpp"

#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::mage {

namespace json = boost::json;

namespace {

// Whether `a` is the customer's default billing address: flagged so, or named by the customer's
// default_billing id.
bool is_default(const json::value& a, const json::object& customer) {
  const auto* o = a.if_object();
  if (o == nullptr) return false;
  if (const auto* flag = o->if_contains("default_billing"); flag != nullptr && flag->is_bool()) {
    if (flag->get_bool()) return true;
  }
  const auto* id = o->if_contains("id");
  const auto* default_billing = customer.if_contains("default_billing");
  const auto id_text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
  const auto default_text =
      default_billing != nullptr ? sdk::id_text(*default_billing) : std::nullopt;
  return id_text && default_text && *id_text == *default_text;
}

}  // namespace

json::object address_json(const Address& a, const std::string& first, const std::string& last) {
  const auto part = [](const std::optional<std::string>& v) { return v.value_or(""); };
  json::array street{part(a.address1)};
  if (a.address2) street.emplace_back(*a.address2);
  json::object region{{"region_code", part(a.region_code)}, {"region", part(a.region)}};
  return json::object{{"firstname", a.first_name.value_or(first)},
                      {"lastname", a.last_name.value_or(last)},
                      {"company", part(a.company)},
                      {"street", std::move(street)},
                      {"city", part(a.city)},
                      {"region", std::move(region)},
                      {"postcode", part(a.postal_code)},
                      {"country_id", part(a.country_code)},
                      {"telephone", part(a.phone)}};
}

std::optional<json::array> addresses_after(const json::object& customer,
                                           const std::optional<json::object>& address,
                                           const std::optional<std::string>& phone) {
  json::array out;
  bool replaced = false;
  if (const auto* read = customer.if_contains("addresses"); read != nullptr && read->is_array()) {
    for (const auto& a : read->get_array()) {
      if (replaced || !is_default(a, customer)) {
        out.push_back(a);
        continue;
      }
      json::object next = a.get_object();
      if (address) {
        // The new address in place of the old, under the old one's id and flags.
        for (const auto& [key, value] : *address)
          next[key] = value;
        next.erase("region_id");  // Magento finds the region by its code
      }
      if (phone) next["telephone"] = *phone;
      out.push_back(std::move(next));
      replaced = true;
    }
  }
  if (replaced) return out;
  if (!address) return std::nullopt;
  json::object added = *address;
  if (phone) added["telephone"] = *phone;
  added["default_billing"] = true;
  added["default_shipping"] = true;
  out.push_back(std::move(added));
  return out;
}

}  // namespace cartgate::mage
