#pragma once
// Catch-up polls asked for by the webhook endpoint. A platform that never redelivers a webhook
// (WooCommerce) loses the change behind every non-2xx answer the gateway gives it: 429 from the
// ingest limits, 503 while Redis is away, 400 for an unreadable body. Each such answer asks for
// a catch-up poll of the store here; the request is kept in this process (Redis may be the
// reason for the failure) and written to the poll schedule as soon as Redis answers, where any
// gateway process's poller picks it up (sync/poller.cpp).

#include <atomic>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "redis/client.hpp"
#include "redis/keys.hpp"

namespace cartgate::ingest {

/// The field of a store's poll checkpoints (`{s:<id>}:poll`) that holds when the latest
/// catch-up was asked for (Unix ms): every entity is polled until a run started at least
/// kCatchupSettleMs after it, so the run's pin (the last whole second before its start)
/// covers whatever changed before the request.
inline constexpr std::string_view kCatchupField = "catchup:requested";
inline constexpr std::int64_t kCatchupSettleMs = 2000;

class CatchupRequests {
 public:
  /// At most `capacity` stores wait at once: beyond that a request is dropped (and logged),
  /// and the store's safety-net poll is what recovers the change.
  explicit CatchupRequests(std::size_t capacity = 10'000) : capacity_(capacity) {}

  /// Thread-safe, never blocks on I/O.
  void request(std::string_view store_id);

  /// Writes the waiting requests to Redis: the store's catch-up time, and its poll schedule
  /// moved to now. Requests for store ids that have no owner (no such store) are dropped;
  /// those Redis could not take stay for the next flush.
  boost::asio::awaitable<void> flush(redis::Client& redis, const redis::KeyLayout& keys);
  /// Flushes every 250 ms until `stopping`.
  boost::asio::awaitable<void> run(redis::Client& redis, const redis::KeyLayout& keys,
                                   const std::atomic<bool>& stopping);

 private:
  void put_back(const std::set<std::string>& ids);

  const std::size_t capacity_;
  std::mutex mutex_;
  std::set<std::string> pending_;
  bool overflow_reported_ = false;
};

}  // namespace cartgate::ingest
