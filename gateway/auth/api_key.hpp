#pragma once
// API keys: "cg_<key id: 16 hex>_<secret: 43 base64url chars = 256 random bits>". The key id is
// not secret (it names the key in logs and for revocation); the whole key is shown once and
// only its SHA-256 is stored. A 256-bit random secret needs no salt or slow hash: it cannot be
// guessed, and its hash reveals nothing.

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace cartgate::auth {

struct PresentedKey {
  std::string key_id;
  std::string secret_hash;  // SHA-256 of the whole key, lower-case hex
};

struct NewApiKey {
  std::string key_id;
  std::string key;  // show once, never store
  std::string secret_hash;
};

NewApiKey generate_api_key();

/// nullopt unless `text` has exactly the key format.
std::optional<PresentedKey> parse_api_key(std::string_view text);

/// The key from `Authorization: Bearer <key>` or `x-api-key: <key>`; nullopt if neither.
std::optional<std::string_view> api_key_from(const http::Request& request);

bool is_valid_tenant_id(std::string_view tenant);
bool is_valid_key_id(std::string_view key_id);

}  // namespace cartgate::auth
