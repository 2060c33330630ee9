#pragma once
// Authenticated encryption of small secrets at rest (store credentials): AES-256-GCM through
// OpenSSL EVP, a fresh 96-bit nonce per message, and associated data that binds a ciphertext
// to the record it belongs to, so it cannot be copied to another store and decrypt there.
// Format: "v1.<key id>.<base64url(nonce | ciphertext | tag)>".

#include <optional>
#include <string>
#include <string_view>

#include "security/master_keys.hpp"

namespace cartgate::security {

class Cipher {
 public:
  explicit Cipher(const MasterKeys& keys) : keys_(keys) {}
  std::string seal(std::string_view plaintext, std::string_view associated_data) const;
  /// nullopt if the text is malformed, names an unknown key, or fails authentication.
  std::optional<std::string> open(std::string_view sealed, std::string_view associated_data) const;

 private:
  const MasterKeys& keys_;
};

}  // namespace cartgate::security
