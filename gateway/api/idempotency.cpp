#include "api/idempotency.hpp"

#include <charconv>

#include <cartgate/sdk/crypto.hpp>

#include "embedded/idempotency_claim_lua.hpp"
#include "embedded/idempotency_settle_lua.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// How long a kept answer is replayed (the draft's suggestion; Stripe keeps keys as long).
constexpr std::chrono::seconds kRetention = std::chrono::hours(24);
constexpr std::size_t kMaxKeyLength = 255;

bool printable(char c) {
  return c >= 0x20 && c <= 0x7e;
}

std::optional<std::int64_t> integer_of(const redis::Reply& r) {
  if (auto i = r.as_integer()) return i;
  auto s = r.as_string();
  if (!s) return std::nullopt;
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size()) return std::nullopt;
  return v;
}

error_code protocol_error() {
  return std::make_error_code(std::errc::protocol_error);
}

}  // namespace

std::optional<std::string> read_idempotency_key(std::string_view header) {
  std::string key;
  if (header.starts_with('"')) {
    // sf-string: printable ASCII, with \" and \\ the only escapes.
    if (header.size() < 2 || !header.ends_with('"')) return std::nullopt;
    for (std::size_t i = 1; i + 1 < header.size(); ++i) {
      char c = header[i];
      if (c == '\\') {
        if (i + 2 >= header.size()) return std::nullopt;
        c = header[++i];
        if (c != '"' && c != '\\') return std::nullopt;
      } else if (c == '"' || !printable(c)) {
        return std::nullopt;
      }
      key += c;
    }
  } else {
    for (char c : header) {
      if (!printable(c) || c == ' ' || c == '"' || c == ',') return std::nullopt;
    }
    key = header;
  }
  if (key.empty() || key.size() > kMaxKeyLength) return std::nullopt;
  return key;
}

ApiResult<std::optional<std::string>> idempotency_key_header(const http::Request& request) {
  auto header = request.header("Idempotency-Key");
  if (!header) return std::optional<std::string>();
  auto key = read_idempotency_key(*header);
  if (!key) {
    return http::bad_request("invalid_idempotency_key",
                             "'Idempotency-Key' must be 1 to 255 printable ASCII characters, as a "
                             "quoted string or a bare token.");
  }
  return key;
}

const redis::Script& idempotency_claim_script() {
  static const redis::Script script("idempotency_claim",
                                    std::string(embedded::idempotency_claim_lua));
  return script;
}

const redis::Script& idempotency_settle_script() {
  static const redis::Script script("idempotency_settle",
                                    std::string(embedded::idempotency_settle_lua));
  return script;
}

IdempotencyKeys::IdempotencyKeys(redis::Client& redis, const redis::KeyLayout& keys,
                                 std::string_view tenant, std::string_view key)
    // Keys are the caller's text: hashed, so their length and bytes never shape a Redis key.
    : redis_(redis), record_(keys.idempotency(tenant, sdk::hex_encode(sdk::sha256(key)))) {}

asio::awaitable<boost::system::result<IdempotencyClaim>> IdempotencyKeys::claim(
    std::string_view fingerprint, std::string_view request_id, std::chrono::milliseconds lease) {
  const std::string keys[] = {record_};
  const std::string args[] = {
      std::string(fingerprint), std::to_string(util::unix_ms(util::wall_now())),
      std::to_string(lease.count()), std::to_string(kRetention.count()), std::string(request_id)};
  auto r = co_await redis_.eval(idempotency_claim_script(), keys, args);
  if (!r) co_return r.error();
  if (r->is_error() || r->elements.empty()) co_return protocol_error();
  const auto kind = r->elements[0].as_string();
  IdempotencyClaim out;
  if (kind == "fresh") {
    out.kind = IdempotencyClaim::Kind::fresh;
  } else if (kind == "mismatch") {
    out.kind = IdempotencyClaim::Kind::mismatch;
  } else if (kind == "running") {
    out.kind = IdempotencyClaim::Kind::running;
  } else if (kind == "done" && r->elements.size() == 3) {
    const auto status = integer_of(r->elements[1]);
    const auto body = r->elements[2].as_string();
    if (!status || !body) co_return protocol_error();
    out.kind = IdempotencyClaim::Kind::replay;
    out.status = static_cast<int>(*status);
    out.body = std::string(*body);
  } else if (kind == "reconcile" && r->elements.size() == 2) {
    const auto started = integer_of(r->elements[1]);
    if (!started) co_return protocol_error();
    out.kind = IdempotencyClaim::Kind::reconcile;
    out.since = std::chrono::system_clock::time_point(std::chrono::milliseconds(*started));
  } else {
    co_return protocol_error();
  }
  co_return out;
}

asio::awaitable<error_code> IdempotencyKeys::settle(std::string_view request_id, WriteEnd end,
                                                    int status, std::string_view body) {
  const std::string keys[] = {record_};
  const std::string args[] = {std::string(request_id),
                              end == WriteEnd::done      ? "done"
                              : end == WriteEnd::unknown ? "unknown"
                                                         : "released",
                              std::to_string(status), std::string(body),
                              std::to_string(kRetention.count())};
  auto r = co_await redis_.eval(idempotency_settle_script(), keys, args);
  if (!r) co_return r.error();
  if (r->is_error()) co_return protocol_error();
  co_return error_code{};
}

}  // namespace cartgate::api
