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
  /// The id of the master key a sealed text was made with (empty when it is not one).
  static std::string_view key_id_of(std::string_view sealed);
  /// The same secret sealed under the active key, or nullopt when it does not open.
  std::optional<std::string> reseal(std::string_view sealed,
                                    std::string_view associated_data) const;
  const MasterKeys& keys() const { return keys_; }

 private:
  const MasterKeys& keys_;
};

}  // namespace cartgate::security
