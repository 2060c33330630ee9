#pragma once
// Per-store outbound budgets in Redis (scripts in ratelimit/outbound_*.lua): every gateway
// process draws from the same bucket, so a store never sees more than its platform allows
// however many processes call it. Lanes give live reads priority over background work.

#include <cstdint>
#include <string>

#include <boost/asio/awaitable.hpp>

#include <cartgate/connector.hpp>

#include "config/config.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::outbound {

/// Who is asking: live API calls first, then webhook enrichment, then polling, then batch
/// jobs. Ordered by priority: a waiting request climbs towards `live` (connector_call.cpp,
/// aging), except that a batch job's request climbs no higher than polling.
enum class Lane { live, enrichment, poll, bulk };

/// The share of a bucket a lane must leave untouched.
double lane_reserve(Lane lane);

struct BucketPolicy {
  double capacity = 0;
  double refill_per_second = 0;
};

/// The bucket for a store: the platform's policy from the manifest (a fixed window becomes an
/// even refill over the window) or, for platforms without one, the gateway's defaults; the
/// store's settings `rate_limit_per_second` / `rate_limit_burst` override either.
BucketPolicy bucket_policy(const Manifest& manifest,
                           const std::map<std::string, std::string>& settings,
                           const OutboundConfig& config);

struct Grant {
  bool granted = false;
  std::int64_t wait_ms = 0;  // when not granted: how long until it could be
};

const redis::Script& outbound_acquire_script();
const redis::Script& outbound_observe_script();

class OutboundLimiter {
 public:
  OutboundLimiter(redis::Client& redis, const redis::KeyLayout& keys)
      : redis_(redis), keys_(keys) {}

  /// Takes `cost` units for one request. If Redis is unreachable the request is let through
  /// (the platform's own 429s still hold it back) and a warning is logged.
  boost::asio::awaitable<Grant> acquire(const std::string& store_id, const BucketPolicy& policy,
                                        Lane lane, double cost);
  /// Applies what the platform reported about its limit.
  boost::asio::awaitable<void> observe(const std::string& store_id,
                                       const RateLimitObservation& observation);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
};

}  // namespace cartgate::outbound
