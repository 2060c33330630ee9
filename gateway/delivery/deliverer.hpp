#pragma once
// Delivery workers: every gateway process visits every subscription's queue (a Redis stream
// read through one shared consumer group), takes as many entries as the subscription's
// concurrency leaves free across all processes (slots in Redis, delivery_take.lua), and POSTs
// each event with Standard Webhooks headers. Deliveries run as independent coroutines with the
// subscription's timeout, so a slow subscriber holds only its own slots. Failures are retried
// on the configured schedule and then dead-lettered; a subscriber failing without end is
// paused. Entries of a process that died mid-delivery are claimed by the others once idle for
// longer than any delivery could take.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/config.hpp"
#include "events/subscription_repository.hpp"
#include "outbound/http_client.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"
#include "security/cipher.hpp"

namespace cartgate::delivery {

/// What the delivery workers use besides their own HTTP client: the Redis client of their io
/// thread and the master key that opens subscription secrets.
struct DelivererDeps {
  const Config& config;
  const redis::KeyLayout& keys;
  const security::Cipher& cipher;
  redis::Client& redis;
};

const redis::Script& delivery_finish_script();
const redis::Script& delivery_take_script();
const redis::Script& retry_release_script();

class Deliverer {
 public:
  /// `executor` is the one run() is started on.
  Deliverer(DelivererDeps deps, boost::asio::any_io_executor executor,
            std::unique_ptr<outbound::HttpClient> http, std::string consumer)
      : deps_(deps),
        executor_(std::move(executor)),
        nap_(executor_),
        http_(std::move(http)),
        consumer_(std::move(consumer)),
        subscriptions_(deps.redis, deps.keys) {}

  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

  /// Ends the current nap at once (new deliveries were queued in this process). Thread-safe;
  /// wake-ups that arrive together cost one pass.
  void nudge();

 private:
  struct QueueEntry {
    std::string id;
    std::string event;
    std::string type;
    std::string tail;
    int attempt = 1;
  };
  struct Active {
    events::Subscription subscription;
    std::string key;  // HMAC key from the opened secret
  };

  /// One pass over every subscription; true when anything was started or released.
  boost::asio::awaitable<bool> tick();
  boost::asio::awaitable<void> refresh();
  boost::asio::awaitable<void> release_due_retries();
  boost::asio::awaitable<void> deliver(std::shared_ptr<const Active> sub, QueueEntry entry);
  boost::asio::awaitable<void> pause(const events::Subscription& sub, const std::string& error);

  DelivererDeps deps_;
  boost::asio::any_io_executor executor_;
  // The run loop's nap, and whether a wake-up is already on its way to it.
  boost::asio::steady_timer nap_;
  std::atomic<bool> nudged_{false};
  std::unique_ptr<outbound::HttpClient> http_;
  std::string consumer_;
  events::SubscriptionRepository subscriptions_;
  std::map<std::string, std::shared_ptr<const Active>> active_;  // "<tenant>|<id>"
  std::map<std::string, int> in_flight_;                         // "<tenant>|<id>"
  std::chrono::steady_clock::time_point refreshed_{};
  std::chrono::steady_clock::time_point claimed_{};
  std::chrono::steady_clock::time_point released_{};
};

}  // namespace cartgate::delivery
