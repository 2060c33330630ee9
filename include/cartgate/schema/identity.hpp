#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartgate {

/// Who an order, cart or event belongs to, as far as the platform can tell.
struct Identity {
  std::optional<std::string> email;        // normalized: trimmed, lower-cased
  std::optional<std::string> customer_id;  // the platform's customer id, as a string
  bool guest = true;                       // no registered customer account

  friend bool operator==(const Identity&, const Identity&) = default;
};

/// Trims ASCII whitespace and lower-cases ASCII letters; an empty result is no email.
std::optional<std::string> normalize_email(std::string_view raw);

}  // namespace cartgate
