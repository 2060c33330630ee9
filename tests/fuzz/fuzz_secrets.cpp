// Untrusted or operator-supplied texts around secrets: the master key file, sealed values read
// back from Redis (Cipher::open and the key id peek of a rotation) and the Redis URL.
#include <cstdint>
#include <string>
#include <string_view>

#include "redis/endpoint.hpp"
#include "security/cipher.hpp"
#include "security/master_keys.hpp"

namespace {

const cartgate::security::MasterKeys& keys() {
  static const auto k = [] {
    std::string error;
    // Two fixed keys: the first seals, both open.
    return *cartgate::security::MasterKeys::parse(
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"
        "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
        error);
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (auto parsed = cartgate::security::MasterKeys::parse(input, error)) {
    // Whatever parses has an active key of 32 bytes with an 8-hex-digit id.
    if (parsed->active().bytes.size() != 32 || parsed->active().id.size() != 8) __builtin_trap();
    const cartgate::security::Cipher c(*parsed);
    if (c.open(c.seal("x", "ad"), "ad") != "x") __builtin_trap();
  } else if (error.empty()) {
    __builtin_trap();  // a refusal always says why
  }
  const cartgate::security::Cipher cipher(keys());
  (void)cartgate::security::Cipher::key_id_of(input);
  // Nothing forged opens: only texts this cipher sealed carry a valid tag (the corpus holds
  // none).
  if (cipher.open(input, "ad").has_value()) __builtin_trap();
  (void)cipher.reseal(input, "ad");
  if (auto endpoint = cartgate::redis::parse_endpoint(input)) (void)endpoint->describe();
  return 0;
}
