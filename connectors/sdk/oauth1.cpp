#include <algorithm>

#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/oauth1.hpp>

namespace cartgate::sdk {

std::string oauth1_base_string(std::string_view http_method, std::string_view base_url,
                               QueryParams params) {
  // §3.4.1.3.2: encode names and values, sort by encoded name then encoded value, join.
  for (auto& p : params) {
    p.name = percent_encode(p.name);
    p.value = percent_encode(p.value);
  }
  std::sort(params.begin(), params.end(), [](const QueryParam& a, const QueryParam& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::string normalized;
  for (const auto& p : params) {
    if (!normalized.empty()) normalized += '&';
    normalized += p.name;
    normalized += '=';
    normalized += p.value;
  }
  std::string base(http_method);
  base += '&';
  base += percent_encode(base_url);
  base += '&';
  base += percent_encode(normalized);
  return base;
}

QueryParams oauth1_parameters(const OAuth1Signer& signer, std::string_view http_method,
                              std::string_view base_url, const QueryParams& query,
                              std::string_view nonce, std::int64_t timestamp) {
  QueryParams protocol{
      {"oauth_consumer_key", signer.consumer_key},
      {"oauth_nonce", std::string(nonce)},
      {"oauth_signature_method",
       signer.method == OAuthMethod::hmac_sha1 ? "HMAC-SHA1" : "HMAC-SHA256"},
      {"oauth_timestamp", std::to_string(timestamp)},
  };
  if (!signer.token.empty()) protocol.push_back({"oauth_token", signer.token});
  if (signer.include_version) protocol.push_back({"oauth_version", "1.0"});

  QueryParams all = query;
  all.insert(all.end(), protocol.begin(), protocol.end());
  const std::string base = oauth1_base_string(http_method, base_url, std::move(all));
  const std::string key =
      percent_encode(signer.consumer_secret) + "&" + percent_encode(signer.token_secret);
  const std::string mac =
      signer.method == OAuthMethod::hmac_sha1 ? hmac_sha1(key, base) : hmac_sha256(key, base);
  protocol.push_back({"oauth_signature", base64_encode(mac)});
  return protocol;
}

std::string oauth1_authorization(const OAuth1Signer& signer, std::string_view http_method,
                                 std::string_view base_url, const QueryParams& query,
                                 std::string_view nonce, std::int64_t timestamp) {
  const QueryParams protocol =
      oauth1_parameters(signer, http_method, base_url, query, nonce, timestamp);
  std::string header = "OAuth ";
  for (std::size_t i = 0; i < protocol.size(); ++i) {
    if (i > 0) header += ',';
    header += protocol[i].name;
    header += "=\"";
    header += percent_encode(protocol[i].value);
    header += '"';
  }
  return header;
}

std::string derive_nonce(std::string_view nonce, std::size_t index) {
  return hex_encode(sha256(std::string(nonce) + ":" + std::to_string(index))).substr(0, 32);
}

}  // namespace cartgate::sdk
