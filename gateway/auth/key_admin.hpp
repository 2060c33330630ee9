#pragma once
// Tenant and API key administration (the `cartgate key|tenant` commands).

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "auth/api_key.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"

namespace cartgate::auth {

struct TenantLimit {
  std::int64_t rate = 0;
  std::int64_t period_ms = 0;
  std::int64_t burst = 0;
};

class KeyAdmin {
 public:
  KeyAdmin(redis::Client& redis, const redis::KeyLayout& keys) : redis_(redis), keys_(keys) {}

  /// Creates a key for `tenant` (creating the tenant on first use). The key text is in the
  /// result only; Redis keeps its hash.
  boost::asio::awaitable<boost::system::result<NewApiKey>> create(std::string tenant,
                                                                  std::string name);
  /// Revokes at once: the next request with the key gets 401. False if no such key.
  boost::asio::awaitable<boost::system::result<bool>> revoke(std::string key_id);
  /// The tenant's keys, without secrets.
  boost::asio::awaitable<boost::system::result<boost::json::array>> list(std::string tenant);
  /// Sets the tenant's inbound limit on the tenant and on each of its keys.
  boost::asio::awaitable<boost::system::result<void>> set_limit(std::string tenant,
                                                                TenantLimit limit);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
};

}  // namespace cartgate::auth
