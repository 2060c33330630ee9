#pragma once
// Store records this process read a moment ago, shared by its io threads. The hot paths
// (webhook intake, the inbox worker, reads) look a store up on every request; serving the record
// from memory for a short while saves one or two Redis round trips each time. A record changed
// or removed by this process is forgotten at once; a change made by another process is seen
// within the time to live.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store_record.hpp"

namespace cartgate {

class RecentStores {
 public:
  using Clock = std::chrono::steady_clock;

  /// `ttl` zero keeps nothing. Expired records are swept out once per time to live, so what is
  /// held is about the stores used in the last two; and never more than `capacity`: when full,
  /// the expired go, and if none has, all of them (a burst of new stores, not a steady state).
  explicit RecentStores(std::chrono::milliseconds ttl, std::size_t capacity = 100'000,
                        std::function<Clock::time_point()> now = Clock::now);

  /// The record read less than the time to live ago, if any.
  std::optional<StoreRecord> find(std::string_view id) const;
  /// Taken before reading a record from Redis and handed to remember(): a record read before
  /// this process changed any store is not kept, so a change here is never hidden by a read
  /// that raced it.
  std::uint64_t generation() const;
  void remember(const StoreRecord& record, std::uint64_t read_at_generation);
  void forget(std::string_view id);
  std::size_t size() const;

 private:
  struct Slot {
    StoreRecord record;
    Clock::time_point expires;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::chrono::milliseconds ttl_;
  std::size_t capacity_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  std::uint64_t generation_ = 0;  // changes this process made
  Clock::time_point next_sweep_{};
  std::unordered_map<std::string, Slot, Hash, std::equal_to<>> slots_;
};

}  // namespace cartgate
