#pragma once
// Validates a subscriber URL given to webhook.create. The URL is user input that the gateway
// will later connect to, so it is checked twice: here for shape and literal addresses, and on
// every connect against the address actually resolved (outbound::AddressPolicy).

#include <string>
#include <string_view>
#include <variant>

namespace cartgate::events {

struct UrlRejected {
  std::string reason;  // for the API caller
};

/// An absolute https URL (http too when `allowlist` opens private ranges for local
/// development), without credentials or fragment; a literal IP must be allowed by the policy.
/// Answers the normalized URL text or why it is refused.
std::variant<std::string, UrlRejected> check_subscriber_url(std::string_view text,
                                                            std::string_view allowlist);

}  // namespace cartgate::events
