#pragma once
// Drains the inbox of verified webhooks: enriches thin changes by reading the entity from the
// store (enrichment lane of the outbound budget), and turns each change into at most one event.
// The inbox is a Redis stream read through one consumer group by every gateway process: an
// entry is acknowledged only after all its changes are appended, and entries a dead process
// held are claimed by the others after a while, so a crash loses nothing.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "events/event_writer.hpp"
#include "redis/client.hpp"

namespace cartgate::ingest {

inline constexpr std::string_view kIngestGroup = "ingest";

class IngestWorker {
 public:
  /// `blocking` is a connection of its own: the worker blocks on it waiting for entries.
  IngestWorker(api::Services& services, std::shared_ptr<redis::Client> blocking,
               std::string consumer)
      : s_(services), blocking_(std::move(blocking)), consumer_(std::move(consumer)) {}

  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

 private:
  struct Entry {
    std::string id;
    std::string payload;
  };
  // One read of the inbox (claiming abandoned entries first) and its processing.
  boost::asio::awaitable<void> pass(bool& group_ready,
                                    std::chrono::steady_clock::time_point& last_claim);
  boost::asio::awaitable<void> process(std::vector<Entry> entries);
  enum class Fate { done, retry, dead };
  /// done: appended, duplicate, or the entity is gone; retry: a transient failure;
  /// dead: it can never succeed (kept for an operator).
  boost::asio::awaitable<Fate> process_one(const Entry& entry);
  /// For store/cart/converted of a cart the platform no longer returns: fills `change` from
  /// the cart index (absent when it is not a conversion or the index does not know the cart).
  enum class Lookup { found, absent, failed };
  boost::asio::awaitable<Lookup> converted_from_index(events::Change& change,
                                                      const std::string& cart_id);

  api::Services& s_;
  std::shared_ptr<redis::Client> blocking_;
  std::string consumer_;
};

}  // namespace cartgate::ingest
