#pragma once
// Marks that let the event pipeline tell a change a write through the API made from the
// merchant's own: while the write runs, the entity is marked; once the store answered, the
// version it answered with is marked for an hour. event_append.lua gives the first event of a
// marked change `source: "api"` and the write's `origin` (its request id and Idempotency-Key),
// whether the platform's webhook or the poll brings it. A write that adds an entity marks it by
// its creation key while it runs (there is no id yet), and its version once the id is known.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "redis/client.hpp"
#include "redis/keys.hpp"

namespace cartgate::api {

class WriteMarks {
 public:
  /// The marks of a write of `entity` `id`, or, when `creation_key` is set, of one adding it.
  WriteMarks(redis::Client& redis, const redis::KeyLayout& keys, std::string_view tenant,
             std::string_view store_id, std::string_view entity, std::string_view id,
             std::string_view creation_key, std::string_view request_id,
             const std::optional<std::string>& idempotency_key);

  /// Before the request leaves; lasts `running_for` unless done() or cleared() first.
  boost::asio::awaitable<void> running(std::chrono::milliseconds running_for);
  /// The store answered with the entity `id` (the one written, or the one added) at
  /// `updated_ms`.
  boost::asio::awaitable<void> done(std::string_view id, std::int64_t updated_ms);
  /// The store refused the write: nothing of it will show.
  boost::asio::awaitable<void> cleared();

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  std::string tenant_, store_id_, entity_;
  std::string running_key_;
  std::string origin_;  // {"request_id", "idempotency_key"} as JSON text
};

}  // namespace cartgate::api
