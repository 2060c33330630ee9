#pragma once
// OAuth 1.0a request signing (RFC 5849) as WooCommerce (one-legged: no token) and Magento
// (integration: consumer and access token) verify it: HMAC over METHOD & base URL & the sorted,
// encoded parameters, including every query parameter; bodies are JSON and not signed.

#include <cstdint>
#include <string>
#include <string_view>

#include <cartgate/sdk/url.hpp>

namespace cartgate::sdk {

enum class OAuthMethod { hmac_sha1, hmac_sha256 };

struct OAuth1Signer {
  std::string consumer_key;
  std::string consumer_secret;
  std::string token;         // empty for WooCommerce's one-legged flow
  std::string token_secret;  // empty for WooCommerce's one-legged flow
  OAuthMethod method = OAuthMethod::hmac_sha256;
  bool include_version = false;  // oauth_version=1.0 (WooCommerce: "should be omitted")
};

/// RFC 5849 §3.4.1 signature base string. `base_url` is scheme://host[:port]/path as the
/// server reconstructs it (WooCommerce: from its home URL); `params` are the query parameters
/// plus the oauth_* protocol parameters, decoded.
std::string oauth1_base_string(std::string_view http_method, std::string_view base_url,
                               QueryParams params);

/// The oauth_* protocol parameters of one request, oauth_signature last: for sending in the
/// query string, where a host that drops the Authorization header still passes them.
QueryParams oauth1_parameters(const OAuth1Signer& signer, std::string_view http_method,
                              std::string_view base_url, const QueryParams& query,
                              std::string_view nonce, std::int64_t timestamp);

/// The `Authorization: OAuth ...` header value for one request.
std::string oauth1_authorization(const OAuth1Signer& signer, std::string_view http_method,
                                 std::string_view base_url, const QueryParams& query,
                                 std::string_view nonce, std::int64_t timestamp);

/// The `index`-th nonce derived from a step's nonce: requests sent in one step must not share
/// a nonce (servers refuse a reused one); 32 lower-case hex characters.
std::string derive_nonce(std::string_view nonce, std::size_t index);

}  // namespace cartgate::sdk
