#include "ingest/catchup_requests.hpp"

#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "log/logger.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::ingest {

namespace asio = boost::asio;

void CatchupRequests::request(std::string_view store_id) {
  std::lock_guard lock(mutex_);
  if (pending_.size() >= capacity_ && !pending_.contains(std::string(store_id))) {
    if (!overflow_reported_) {
      overflow_reported_ = true;
      log::warn("catch-up polls not recorded: too many waiting; the safety-net poll covers them",
                {{"waiting", static_cast<std::uint64_t>(pending_.size())}});
    }
    return;
  }
  pending_.emplace(store_id);
}

void CatchupRequests::put_back(const std::set<std::string>& ids) {
  std::lock_guard lock(mutex_);
  for (const auto& id : ids) {
    if (pending_.size() >= capacity_) break;
    pending_.insert(id);
  }
}

asio::awaitable<void> CatchupRequests::flush(redis::Client& redis, const redis::KeyLayout& keys) {
  std::set<std::string> ids;
  {
    std::lock_guard lock(mutex_);
    ids.swap(pending_);
    overflow_reported_ = false;
  }
  if (ids.empty()) co_return;
  // Who owns each store: the schedule's member is "<tenant>|<store>", and an id nobody owns
  // (a probe of made-up addresses) asks for nothing.
  std::vector<std::vector<std::string>> lookups;
  lookups.reserve(ids.size());
  for (const auto& id : ids)
    lookups.push_back({"GET", keys.store_owner(id)});
  const auto owners = co_await redis.pipeline(std::move(lookups));
  const std::string now = std::to_string(util::unix_ms_now());
  std::vector<std::vector<std::string>> writes;
  std::size_t i = 0;
  for (const auto& id : ids) {
    const auto& owner = owners.at(i++);
    if (redis::failure_of(owner)) {
      put_back(ids);
      co_return;
    }
    if (!owner->is_string()) continue;
    writes.push_back({"HSET", keys.poll_checkpoints(id), std::string(kCatchupField), now});
    // XX: a deleted store is not brought back; LT: a sooner schedule stays.
    writes.push_back({"ZADD", keys.poll_schedule(), "XX", "LT", now, owner->str + "|" + id});
  }
  if (writes.empty()) co_return;
  const auto written = co_await redis.pipeline(std::move(writes));
  for (const auto& w : written) {
    if (redis::failure_of(w)) {
      put_back(ids);  // writing twice is harmless: the same time, a schedule moved to now
      co_return;
    }
  }
  log::info("catch-up polls scheduled", {{"stores", static_cast<std::uint64_t>(ids.size())}});
}

asio::awaitable<void> CatchupRequests::run(redis::Client& redis, const redis::KeyLayout& keys,
                                           const std::atomic<bool>& stopping) {
  asio::steady_timer nap(co_await asio::this_coro::executor);
  while (!stopping.load()) {
    try {
      co_await flush(redis, keys);
    } catch (const std::exception& e) {
      log::error("catch-up flush failed", {{"error", e.what()}});
    }
    nap.expires_after(std::chrono::milliseconds(250));
    co_await nap.async_wait(asio::use_awaitable);
  }
  co_await flush(redis, keys);  // what the last answers before the drain asked for
}

}  // namespace cartgate::ingest
