#pragma once
// Validates the shape of a subscriber URL given to webhook.create. Where its host may resolve
// is the outbound policy's business (api/destination_check.hpp at creation, every connect at
// delivery), shared with store URLs.

#include <string>
#include <string_view>
#include <variant>

namespace cartgate::events {

struct UrlRejected {
  std::string reason;  // for the API caller
};

/// An absolute https URL (http too when `allow_http`: a development deployment whose address
/// allowlist opens private ranges), without credentials or fragment. Answers the URL text or
/// why it is refused.
std::variant<std::string, UrlRejected> check_subscriber_url(std::string_view text, bool allow_http);

}  // namespace cartgate::events
