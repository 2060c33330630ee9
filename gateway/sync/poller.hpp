#pragma once
// The polling fallback: every store's entities are read incrementally ("modified since the
// checkpoint minus an overlap window") on a schedule kept in Redis, where the platform sends
// no webhooks at the poll interval and everywhere else as a safety net at a longer one. A
// store is polled by one gateway process at a time (a lease in Redis that a dead process's
// successor takes over after it expires, and a stopping one gives back at once), through the
// lowest-priority outbound lane, and its checkpoints are in Redis, so any process resumes where the
// last one stopped. Every record read becomes a change for the event writer, which collapses it
// with the webhook that may have announced the same change.

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "ingest/event_source_deps.hpp"
#include "redis/script.hpp"

namespace cartgate::sync {

const redis::Script& lease_script();

struct PollStats {
  std::int64_t pages = 0;
  std::int64_t records = 0;
  std::int64_t events = 0;
  bool full_scan = false;    // the whole list, no modification filter
  std::string resume_token;  // in: where a whole-list scan goes on; out: where it stopped
};

class Poller {
 public:
  Poller(ingest::EventSourceDeps deps, std::string holder)
      : deps_(deps), holder_(std::move(holder)) {}

  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

 private:
  // Takes the leases of due stores and starts their polls (each guards itself), up to
  // events.poll_concurrency at once; how long to wait before the next pass (0: at once).
  boost::asio::awaitable<std::chrono::milliseconds> start_due(
      boost::asio::any_io_executor executor);
  boost::asio::awaitable<std::chrono::milliseconds> until_next_due();
  boost::asio::awaitable<void> poll_member(std::string member);
  /// Polls every due entity of the store in a run that started at `run_started` (Unix ms);
  /// the delay from then until it is due again.
  boost::asio::awaitable<std::chrono::milliseconds> poll_store(const StoreRecord& record,
                                                               std::int64_t run_started);
  /// One entity from its checkpoint to now; false when it has to be tried again.
  boost::asio::awaitable<bool> poll_entity(const StoreRecord& record, Entity entity,
                                           std::int64_t checkpoint_ms, std::int64_t pin_ms,
                                           PollStats& stats);
  boost::asio::awaitable<bool> renew(const std::string& store_id);
  /// On a graceful stop: every store this process is polling is released and due now.
  boost::asio::awaitable<void> hand_over();
  /// Schedules the store (its `member`) at `due_at_ms` if it still exists (ZADD XX), then
  /// releases this process's lease on it; true when both reached Redis.
  boost::asio::awaitable<bool> give_back(const std::string& store_id, const std::string& member,
                                         std::int64_t due_at_ms);
  /// Registers the store's platform webhooks when due (first run, then every
  /// events.webhook_check_interval_ms: the autopilot that re-creates what the platform dropped
  /// and re-enables what it disabled). True when something had to be repaired, so the caller
  /// polls every entity now to cover the gap. Records the state in `fields`.
  boost::asio::awaitable<bool> sync_webhooks(const StoreRecord& record,
                                             std::map<std::string, std::string>& fields);

  bool stopping() const { return stopping_ != nullptr && stopping_->load(); }

  ingest::EventSourceDeps deps_;
  std::string holder_;
  const std::atomic<bool>* stopping_ = nullptr;  // run's: a graceful stop has begun
  // The stores this process is polling right now: store id -> its schedule member.
  std::map<std::string, std::string> polling_;
  // "<store>/<entity>": the page size its polls use now (halved when the store's budget could
  // not serve a page in time, doubled back after a complete run).
  std::map<std::string, int> page_sizes_;
  // "<platform>/<entity>" whose lists take no modified_* filter (WooCommerce customers):
  // found out once, not re-asked every interval. The webhooks still cover them.
  std::set<std::string> unfilterable_;
  // Stores whose owner key this process has made sure of (see poll_store).
  std::set<std::string> owner_checked_;
};

}  // namespace cartgate::sync
