#pragma once
// Subscriptions in Redis: one hash per tenant (id → record), a health hash per subscription
// (consecutive failures, last error), the subscription's delivery queue (a stream with one
// consumer group shared by every gateway process) and a global index delivery workers visit.

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "events/subscription.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"

namespace cartgate::events {

inline constexpr std::string_view kDeliveryGroup = "delivery";

struct SubscriptionHealth {
  std::int64_t consecutive_failures = 0;
  std::string last_error;
  std::string last_failure_at;
  std::string last_success_at;
  std::int64_t dead_letters = 0;
};

class SubscriptionRepository {
 public:
  SubscriptionRepository(redis::Client& redis, const redis::KeyLayout& keys)
      : redis_(redis), keys_(keys) {}
  template <class T>
  using Result = boost::system::result<T>;

  boost::asio::awaitable<Result<void>> insert(const Subscription& s);
  boost::asio::awaitable<Result<std::vector<Subscription>>> list(std::string tenant);
  boost::asio::awaitable<Result<std::optional<Subscription>>> get(std::string tenant,
                                                                  std::string id);
  /// Rewrites the record if it still exists.
  boost::asio::awaitable<Result<bool>> update(const Subscription& s);
  /// Removes the record, its queue, health and dead letters.
  boost::asio::awaitable<Result<bool>> remove(std::string tenant, std::string id);
  boost::asio::awaitable<Result<SubscriptionHealth>> health(std::string tenant, std::string id);
  /// Zeroes the consecutive-failure count (webhook.resume).
  boost::asio::awaitable<Result<void>> reset_failures(std::string tenant, std::string id);
  /// Every "<tenant>|<subscription>" of the deployment.
  boost::asio::awaitable<Result<std::vector<std::string>>> all_members();

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
};

}  // namespace cartgate::events
