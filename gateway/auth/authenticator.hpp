#pragma once
// Per request: who is calling (API key -> tenant) and may they (inbound GCRA limit), answered
// by one Lua script in one Redis round trip.

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::auth {

struct Admission {
  enum class Outcome {
    admitted,
    limited,      // over the tenant's rate: answer 429
    invalid_key,  // malformed, unknown, revoked or wrong: answer 401
    unavailable,  // Redis unreachable: answer 503 (fail closed)
  };
  Outcome outcome = Outcome::unavailable;
  std::string tenant;
  std::string key_id;
  std::int64_t limit = 0;  // burst size
  std::int64_t remaining = 0;
  std::int64_t reset_ms = 0;  // until the bucket is full again
  std::int64_t retry_after_ms = 0;
  std::int64_t rate = 0;
  std::int64_t period_ms = 0;
};

const redis::Script& authenticate_and_admit_script();

class Authenticator {
 public:
  Authenticator(redis::Client& redis, const redis::KeyLayout& keys, const RateLimitConfig& limits)
      : redis_(redis), keys_(keys), limits_(limits) {}

  boost::asio::awaitable<Admission> admit(std::string_view presented_key);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  const RateLimitConfig& limits_;
};

}  // namespace cartgate::auth
