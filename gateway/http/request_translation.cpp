#include "http/request_translation.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include <cartgate/sdk/crypto.hpp>

#include "http/client_address.hpp"
#include "util/percent_decode.hpp"

namespace cartgate::http {

namespace bhttp = boost::beast::http;

std::string new_request_id() {
  // A request id correlates logs; it guards nothing, so it need not come from the CSPRNG
  // (RAND_bytes per request was 12% of a /healthz). Each thread draws a random key and a
  // random starting number once and numbers its requests through splitmix64, a bijection:
  // ids never repeat within a thread, and two threads' ids can meet only if their 32-bit keys
  // match and their number ranges overlap.
  struct Sequence {
    std::uint64_t prefix = 0, next = 0;
    Sequence() {
      const std::string seed = sdk::random_bytes(16);
      std::memcpy(&prefix, seed.data(), sizeof prefix);
      std::memcpy(&next, seed.data() + sizeof prefix, sizeof next);
    }
  };
  thread_local Sequence sequence;
  std::uint64_t z = sequence.next++ + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
  z ^= z >> 31U;
  // 32 bits of the thread's key, then the 64-bit number, as 24 hex digits.
  std::array<char, 12> bytes{};
  for (std::size_t i = 0; i < 4; ++i)
    bytes[i] = static_cast<char>(sequence.prefix >> (56U - 8U * i));
  for (std::size_t i = 0; i < 8; ++i)
    bytes[4 + i] = static_cast<char>(z >> (56U - 8U * i));
  return sdk::hex_encode(std::string_view(bytes.data(), bytes.size()));
}

bool is_request_id(std::string_view v) {
  if (v.empty() || v.size() > 128) return false;
  for (char c : v) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// A decoded NUL would cut the path short wherever it is used as a C string (logs, Redis keys).
std::optional<std::string> decode_path(std::string_view raw) {
  auto path = util::percent_decode(raw);
  if (!path || path->find('\0') != std::string::npos) return std::nullopt;
  return path;
}

bool translate_request(bhttp::request<bhttp::string_body>& m, const Peer& peer,
                       const util::CidrSet& trusted_proxies, Request& out) {
  const auto id = m["X-Request-Id"];
  out.request_id = is_request_id(id) ? std::string(id) : new_request_id();
  out.method = std::string(m.method_string());
  out.remote_address = peer.text;
  const auto forwarded = m["X-Forwarded-For"];
  if (!peer.ip.empty() && (forwarded.empty() || !trusted_proxies.contains(peer.address))) {
    out.client_ip = peer.ip;
  } else {
    out.client_ip = client_address(
        peer.address, forwarded.empty() ? std::nullopt : std::optional<std::string_view>(forwarded),
        trusted_proxies);
  }
  out.headers.reserve(16);
  for (const auto& field : m) {
    out.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  out.body = std::move(m.body());
  // Origin form only. The query stays raw for the handler to decode; it is not held to
  // RFC 3986 because clients send characters such as '[' ']' unescaped (searchCriteria[...]).
  const std::string_view target = m.target();
  if (target.empty() || target.front() != '/') return false;
  const auto q = target.find('?');
  auto path = decode_path(target.substr(0, q));
  if (!path) return false;
  out.path = std::move(*path);
  out.query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
  return true;
}

}  // namespace cartgate::http
