#pragma once
// The master keys that protect data at rest: the first encrypts, every one decrypts, so keys
// rotate by prepending a new one. They come from CARTGATE_MASTER_KEY (comma-separated) or the
// configured file (one per line), each the base64 of 32 random bytes; never from the repository.
// Purpose-specific keys are derived with HMAC-SHA256, so a leaked cursor key reveals nothing
// about the encryption key.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartgate::security {

struct MasterKey {
  std::string id;     // 8 hex chars of SHA-256(key): names the key inside ciphertexts
  std::string bytes;  // 32 bytes
};

class MasterKeys {
 public:
  /// Parses base64 keys separated by commas, whitespace or newlines; `#` starts a comment line.
  static std::optional<MasterKeys> parse(std::string_view text, std::string& error);

  const MasterKey& active() const { return keys_.front(); }
  const MasterKey* find(std::string_view id) const;
  /// HMAC-SHA256(active key, "cartgate/" + purpose): a 32-byte key for one purpose.
  std::string derive(std::string_view purpose) const;
  /// The same purpose's key derived from every master key, the active one first.
  std::vector<std::string> derive_each(std::string_view purpose) const;

 private:
  std::vector<MasterKey> keys_;
};

/// Loads from the CARTGATE_MASTER_KEY environment value if set, else from `file`.
std::optional<MasterKeys> load_master_keys(const std::optional<std::string>& env_value,
                                           const std::string& file, std::string& error);

/// A fresh random key in the accepted format, for `cartgate master-key generate`.
std::string generate_master_key();

}  // namespace cartgate::security
