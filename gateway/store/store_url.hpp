#pragma once
// A store's base URL from what the tenant typed, held to the platform's shape: Shopify and
// BigCommerce stores live only at their platform's API origin (taken as a shop name or store
// hash, or as that exact URL), other platforms at the merchant's own https site, plain http
// only where the platform signs requests without TLS and the operator allows it. Pure: where
// the host resolves is checked afterwards (outbound/destination.hpp).

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <cartgate/connector.hpp>

namespace cartgate {

struct StoreUrlRejected {
  std::string code;    // "invalid_parameter", "store_url_rejected" or "address_forbidden"
  std::string detail;  // for the API caller
};

/// `url` and `ref` (the manifest's ref_name parameter) are what the caller sent; exactly one of
/// them must be given. Answers the normalized base URL (lower-case scheme and host, no trailing
/// slash) or why it is refused.
std::variant<std::string, StoreUrlRejected> normalize_store_url(
    const StoreAddressRule& rule, const std::optional<std::string>& url,
    const std::optional<std::string>& ref, bool allow_http);

/// Host and port (default for the scheme) of a URL normalize_store_url produced.
struct HostPort {
  std::string host;
  std::string port;
};
std::optional<HostPort> url_host_port(std::string_view url);

}  // namespace cartgate
