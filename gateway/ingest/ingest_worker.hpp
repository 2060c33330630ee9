#pragma once
// Drains the inbox of verified webhooks: enriches thin changes by reading the entity from the
// store (enrichment lane of the outbound budget), and turns each change into at most one event.
// The inbox is a Redis stream read through one consumer group by every gateway process: an
// entry is acknowledged only after all its changes are appended, and entries a dead process
// held are claimed by the others after a while, so a crash loses nothing.

#include <atomic>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/value.hpp>

#include "ingest/event_source_deps.hpp"
#include "redis/client.hpp"

namespace cartgate::ingest {

inline constexpr std::string_view kIngestGroup = "ingest";

class IngestWorker {
 public:
  /// `blocking` is a connection of its own: the worker blocks on it waiting for entries.
  IngestWorker(EventSourceDeps deps, std::shared_ptr<redis::Client> blocking, std::string consumer);

  /// Reads the inbox until `stopping`, then waits for the entries it is processing.
  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

  // Entries flow one by one, not in batches: each is processed as soon as it is read, at most
  // kPerStore at a time for one store (the rest of that store's wait in its lane), so a store
  // whose read-backs wait for its rate limit delays only its own events. At most kMaxHeld
  // entries are held in memory (read, not yet finished); past that the worker stops reading.
  static constexpr std::size_t kPerStore = 8;
  static constexpr std::size_t kMaxHeld = 2048;

 private:
  struct Entry {
    std::string id;
    std::string payload;
    boost::json::value parsed;  // null when the payload is not a JSON object
  };
  struct Lane {
    std::size_t running = 0;
    std::deque<Entry> waiting;
  };
  enum class Fate { done, retry, dead };

  /// One read of the inbox (claiming abandoned entries first); false when nothing was read.
  boost::asio::awaitable<bool> read(bool& group_ready,
                                    std::chrono::steady_clock::time_point& last_claim);
  /// Starts the entry now, or queues it behind its store's running entries.
  void dispatch(Entry entry);
  /// Processes `first`, then whatever waits in the same lane, one after another.
  boost::asio::awaitable<void> drain(std::string lane_key, Entry first);
  /// Acknowledges a finished entry, or counts a failed one (dead-lettered after kMaxAttempts).
  boost::asio::awaitable<void> finish(const Entry& entry, Fate fate, std::string reason);
  /// Waiting entries are not yet being worked on: their idle time is reset now and then so
  /// that no process takes them over as abandoned.
  boost::asio::awaitable<void> keep_waiting_entries();
  /// done: appended, duplicate, or the entity is gone; retry: a transient failure;
  /// dead: it can never succeed (kept for an operator).
  boost::asio::awaitable<Fate> process_one(const Entry& entry);
  /// For store/cart/converted of a cart the platform no longer returns: fills `change` from
  /// the cart index (absent when it is not a conversion or the index does not know the cart).
  enum class Lookup { found, absent, failed };
  boost::asio::awaitable<Lookup> converted_from_index(events::Change& change,
                                                      const std::string& cart_id);
  void wake_reader();

  EventSourceDeps deps_;
  std::shared_ptr<redis::Client> blocking_;
  std::string consumer_;
  std::unordered_map<std::string, Lane> lanes_;  // by tenant and store
  std::unordered_set<std::string> held_ids_;     // read and not finished, running or waiting
  std::size_t running_ = 0;
  const std::atomic<bool>* stopping_ = nullptr;      // run's: a graceful stop has begun
  std::unique_ptr<boost::asio::steady_timer> room_;  // the reader waits here when full
};

}  // namespace cartgate::ingest
