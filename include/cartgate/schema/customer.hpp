#pragma once

#include <optional>
#include <string>
#include <vector>

#include <cartgate/schema/address.hpp>
#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/enums.hpp>

namespace cartgate {

struct Customer : EntityHeader {
  std::optional<std::string> email;  // normalized: trimmed, lower-cased
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> phone;
  // Consent to marketing e-mail as the platform keeps it; none where it keeps none
  // (WooCommerce) or did not say.
  std::optional<EmailMarketing> email_marketing;
  std::optional<Address> default_address;
  std::vector<Address> addresses;

  friend bool operator==(const Customer&, const Customer&) = default;
};

}  // namespace cartgate
