#pragma once
// What an HTTP status means, the same way on every platform: credentials refused, missing
// permission, no such entity, throttled (with the wait the platform asks for), upstream trouble.

#include <cstdint>
#include <optional>
#include <string_view>

#include <cartgate/connector.hpp>

namespace cartgate::sdk {

/// Milliseconds from a Retry-After style header holding (possibly fractional) seconds.
std::optional<std::int64_t> retry_after_ms(const HttpHeaders& headers,
                                           std::string_view name = "Retry-After");

/// A failed outcome for a non-2xx answer; nullopt for 2xx. `platform` names the upstream in
/// messages ("WooCommerce answered 503").
std::optional<StepOutcome> failure_for_status(const HttpResponse& response,
                                              std::string_view platform);

/// invalid_response: the platform's answer is not what its API documents.
StepOutcome malformed(std::string_view platform, std::string_view detail);

}  // namespace cartgate::sdk
