#pragma once
// The primitives connectors need for platform signatures (webhook HMACs, OAuth 1.0a) and the
// gateway needs for keys and cursors. Thin wrappers over OpenSSL; byte strings in, bytes out.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cartgate::sdk {

std::string sha1(std::string_view data);
std::string sha256(std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Compares in time that depends only on the lengths, for signatures and secrets.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

/// `count` bytes from the OpenSSL CSPRNG. Aborts if the CSPRNG fails: there is no safe fallback.
std::string random_bytes(std::size_t count);

std::string base64_encode(std::string_view bytes);                   // RFC 4648 §4, padded
std::string base64url_encode(std::string_view bytes);                // RFC 4648 §5, unpadded
std::optional<std::string> base64_decode(std::string_view text);     // padded or not
std::optional<std::string> base64url_decode(std::string_view text);  // padded or not
std::string hex_encode(std::string_view bytes);                      // lower case

}  // namespace cartgate::sdk
