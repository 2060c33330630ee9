#include "delivery/signature.hpp"

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::delivery {

std::optional<std::string> signing_key(std::string_view secret) {
  constexpr std::string_view kPrefix = "whsec_";
  if (!secret.starts_with(kPrefix)) return std::nullopt;
  auto key = sdk::base64_decode(secret.substr(kPrefix.size()));
  if (!key || key->empty()) return std::nullopt;
  return key;
}

std::string sign(std::string_view key, std::string_view id, std::int64_t timestamp,
                 std::string_view body) {
  std::string content;
  content.reserve(id.size() + body.size() + 24);
  content.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + sdk::base64_encode(sdk::hmac_sha256(key, content));
}

}  // namespace cartgate::delivery
