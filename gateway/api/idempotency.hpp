#pragma once
// Idempotency-Key for writes (draft-ietf-httpapi-idempotency-key-header): the first request
// with a key runs the write and its answer is kept 24 h for repeats; the same key with another
// body is refused; a repeat while the first still runs is refused; a key whose write ended
// with its outcome unknown is taken over by the next request, which reconciles first.
// Keys are the tenant's own: two tenants may use the same key.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "api/params.hpp"
#include "http/message.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::api {

/// The header's value as a key: an RFC 8941 sf-string ("..."), or a bare token as most
/// clients send it; 1 to 255 printable ASCII characters. nullopt for anything else.
std::optional<std::string> read_idempotency_key(std::string_view header);

/// The request's Idempotency-Key, if it sent one; 400 invalid_idempotency_key for a bad one.
ApiResult<std::optional<std::string>> idempotency_key_header(const http::Request& request);

struct IdempotencyClaim {
  enum class Kind {
    fresh,      // run the write
    reconcile,  // run it, reading back first what an earlier attempt (from `since`) may have done
    replay,     // answer `status` and `body`, as the first request was answered
    running,    // 409: the first request is still running
    mismatch,   // 422: the key was used with another request
  };
  Kind kind = Kind::fresh;
  int status = 0;
  std::string body;
  std::chrono::system_clock::time_point since{};
};

/// How a claimed write ended.
enum class WriteEnd {
  done,      // the platform answered: the answer is kept for repeats
  unknown,   // the request may have reached the platform: the next claim reconciles
  released,  // nothing reached the platform: the key is free again
};

class IdempotencyKeys {
 public:
  IdempotencyKeys(redis::Client& redis, const redis::KeyLayout& keys, std::string_view tenant,
                  std::string_view key);

  /// Claims the key for `fingerprint` (the operation and its parameters) as `request_id`,
  /// which holds it for `lease` unless settled sooner.
  boost::asio::awaitable<boost::system::result<IdempotencyClaim>> claim(
      std::string_view fingerprint, std::string_view request_id, std::chrono::milliseconds lease);
  /// Records the end of the write `request_id` claimed.
  boost::asio::awaitable<boost::system::error_code> settle(std::string_view request_id,
                                                           WriteEnd end, int status,
                                                           std::string_view body);

 private:
  redis::Client& redis_;
  std::string record_;
};

const redis::Script& idempotency_claim_script();
const redis::Script& idempotency_settle_script();

}  // namespace cartgate::api
