#include "store/recent_stores.hpp"

#include <utility>

namespace cartgate {

RecentStores::RecentStores(std::chrono::milliseconds ttl, std::size_t capacity,
                           std::function<Clock::time_point()> now)
    : ttl_(ttl), capacity_(capacity), now_(std::move(now)) {}

std::optional<StoreRecord> RecentStores::find(std::string_view id) const {
  if (ttl_.count() <= 0) return std::nullopt;
  const auto now = now_();
  std::lock_guard lock(mutex_);
  const auto it = slots_.find(id);
  if (it == slots_.end() || it->second.expires <= now) return std::nullopt;
  return it->second.record;
}

std::uint64_t RecentStores::generation() const {
  std::lock_guard lock(mutex_);
  return generation_;
}

void RecentStores::remember(const StoreRecord& record, std::uint64_t read_at_generation) {
  if (ttl_.count() <= 0 || capacity_ == 0) return;
  const auto now = now_();
  std::lock_guard lock(mutex_);
  if (read_at_generation != generation_) return;
  const auto expired = [now](const auto& entry) { return entry.second.expires <= now; };
  if (now >= next_sweep_) {
    // Records are not dropped as they expire (nothing is timed per record): a sweep per time
    // to live keeps the memory to the stores in recent use.
    std::erase_if(slots_, expired);
    next_sweep_ = now + ttl_;
  }
  if (slots_.size() >= capacity_ && !slots_.contains(record.id)) {
    std::erase_if(slots_, expired);
    if (slots_.size() >= capacity_) slots_.clear();
  }
  slots_.insert_or_assign(record.id, Slot{record, now + ttl_});
}

std::size_t RecentStores::size() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

void RecentStores::forget(std::string_view id) {
  std::lock_guard lock(mutex_);
  ++generation_;
  if (const auto it = slots_.find(id); it != slots_.end()) slots_.erase(it);
}

}  // namespace cartgate
