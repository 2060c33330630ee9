#pragma once
// Standard Webhooks signing (https://www.standardwebhooks.com): the signed content is
// "<webhook-id>.<webhook-timestamp>.<body>", the key is the base64 part of the "whsec_"
// secret, and the header is "v1,<base64 HMAC-SHA256>".

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartgate::delivery {

/// The HMAC key of a "whsec_<base64>" secret, or nullopt when it is not one.
std::optional<std::string> signing_key(std::string_view secret);

/// The webhook-signature header value.
std::string sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body);

}  // namespace cartgate::delivery
