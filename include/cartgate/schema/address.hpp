#pragma once

#include <optional>
#include <string>

namespace cartgate {

/// A postal address. Every field is optional because platforms leave different gaps;
/// country_code is ISO 3166-1 alpha-2 when the platform gives one.
struct Address {
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> company;
  std::optional<std::string> address1;
  std::optional<std::string> address2;
  std::optional<std::string> city;
  std::optional<std::string> region;       // province/state name
  std::optional<std::string> region_code;  // province/state code
  std::optional<std::string> postal_code;
  std::optional<std::string> country_code;
  std::optional<std::string> phone;

  friend bool operator==(const Address&, const Address&) = default;
};

}  // namespace cartgate
