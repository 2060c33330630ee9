#include "auth/api_key.hpp"

#include <algorithm>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::auth {

namespace {

constexpr std::string_view kPrefix = "cg_";
constexpr std::size_t kIdChars = 16;
constexpr std::size_t kSecretChars = 43;  // base64url of 32 bytes, unpadded

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}
bool is_b64url(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

bool is_valid_key_id(std::string_view id) {
  return id.size() == kIdChars && std::all_of(id.begin(), id.end(), is_hex);
}

bool is_valid_tenant_id(std::string_view t) {
  if (t.empty() || t.size() > 63) return false;
  const auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  };
  return std::all_of(t.begin(), t.end(), ok) && t.front() != '-' && t.front() != '_';
}

NewApiKey generate_api_key() {
  NewApiKey k;
  k.key_id = sdk::hex_encode(sdk::random_bytes(kIdChars / 2));
  k.key = std::string(kPrefix) + k.key_id + "_" + sdk::base64url_encode(sdk::random_bytes(32));
  k.secret_hash = sdk::hex_encode(sdk::sha256(k.key));
  return k;
}

std::optional<PresentedKey> parse_api_key(std::string_view text) {
  if (text.size() != kPrefix.size() + kIdChars + 1 + kSecretChars) return std::nullopt;
  if (!text.starts_with(kPrefix)) return std::nullopt;
  const auto id = text.substr(kPrefix.size(), kIdChars);
  const auto secret = text.substr(kPrefix.size() + kIdChars + 1);
  if (!is_valid_key_id(id) || text[kPrefix.size() + kIdChars] != '_' ||
      !std::all_of(secret.begin(), secret.end(), is_b64url)) {
    return std::nullopt;
  }
  return PresentedKey{std::string(id), sdk::hex_encode(sdk::sha256(text))};
}

std::optional<std::string_view> api_key_from(const http::Request& request) {
  if (auto auth = request.header("Authorization")) {
    std::string_view v = *auth;
    constexpr std::string_view kBearer = "bearer ";
    if (v.size() > kBearer.size() && iequals(v.substr(0, kBearer.size()), kBearer)) {
      v.remove_prefix(kBearer.size());
      while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
      while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
      return v;
    }
  }
  if (auto key = request.header("x-api-key")) return *key;
  return std::nullopt;
}

}  // namespace cartgate::auth
