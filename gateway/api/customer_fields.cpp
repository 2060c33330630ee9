#include "api/customer_fields.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace cartgate::api {

namespace json = boost::json;

namespace {

struct AddressField {
  std::string_view name;
  std::size_t max_length;
};
// Schema v1 Address, with the lengths the platforms keep (Magento's street and BigCommerce's
// address lines 255, postcodes 30 on WooCommerce's form, phones 50 on BigCommerce).
constexpr std::array<AddressField, 11> kAddressFields{{{"first_name", 255},
                                                       {"last_name", 255},
                                                       {"company", 255},
                                                       {"address1", 255},
                                                       {"address2", 255},
                                                       {"city", 255},
                                                       {"region", 255},
                                                       {"region_code", 10},
                                                       {"postal_code", 30},
                                                       {"country_code", 2},
                                                       {"phone", 50}}};

bool capitals(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

}  // namespace

bool has_control_character(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || e.find('@', at + 1) != e.npos) {
    return false;
  }
  const std::string_view domain = e.substr(at + 1);
  if (domain.find('.') == domain.npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != domain.npos) {
    return false;
  }
  return std::none_of(e.begin(), e.end(), [](char c) { return c == ' ' || c == '\t'; });
}

std::optional<http::Problem> read_default_address(const Params& p, json::object& changes) {
  const json::value* sent = p.raw("default_address");
  if (sent == nullptr) return std::nullopt;
  if (!sent->is_object()) {
    return http::invalid_parameter(
        "'default_address' must be an object of address fields (first_name, last_name, "
        "company, address1, address2, city, region, region_code, postal_code, country_code, "
        "phone).");
  }
  json::object address;
  for (const auto& [key, value] : sent->get_object()) {
    const std::string_view part = key;  // a lambda cannot capture a structured binding (clang)
    const auto* field = std::find_if(kAddressFields.begin(), kAddressFields.end(),
                                     [&](const AddressField& f) { return f.name == part; });
    const std::string name = "'default_address." + std::string(key) + "'";
    if (field == kAddressFields.end()) {
      return http::Problem{400, "unknown_parameter", "Unknown parameter",
                           name + " is not an address field."};
    }
    if (value.is_null()) continue;  // cleared, as a field left out is
    if (!value.is_string()) return http::invalid_parameter(name + " must be a string.");
    const std::string_view text = trimmed(value.get_string());
    if (has_control_character(text)) {
      return http::invalid_parameter(name + " holds a control character.");
    }
    if (text.size() > field->max_length) {
      return http::invalid_parameter(name + " is longer than " + std::to_string(field->max_length) +
                                     " characters.");
    }
    if (!text.empty()) address[key] = text;
  }
  if (!address.contains("address1")) {
    return http::invalid_parameter(
        "'default_address.address1' is required: an address has a street.");
  }
  const auto* country = address.if_contains("country_code");
  if (country == nullptr || !capitals(country->get_string())) {
    return http::invalid_parameter(
        "'default_address.country_code' is required, as ISO 3166-1 alpha-2 in capitals (\"GB\").");
  }
  changes["default_address"] = std::move(address);
  return std::nullopt;
}

}  // namespace cartgate::api
