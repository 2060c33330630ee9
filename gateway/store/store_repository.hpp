#pragma once
// Store records in Redis: one hash per store and a per-tenant list index, both under the
// tenant's {hash tag}, written together in MULTI/EXEC. Every lookup is by (tenant, id): another
// tenant's store is simply not found.

#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"
#include "store/recent_stores.hpp"
#include "store/store_record.hpp"

namespace cartgate {

struct StorePage {
  std::vector<StoreRecord> stores;
  std::optional<std::string> next_after;  // index member to continue after, if there is more
};

const redis::Script& store_insert_script();
/// The member of the poll schedule (and of other global indexes) naming a tenant's store.
std::string poll_member(std::string_view tenant, std::string_view store_id);
const redis::Script& store_update_script();

class StoreRepository {
 public:
  /// `recent`: the process' recently read stores, which update() and remove() keep honest
  /// (null: nothing is kept, get_recent reads Redis every time).
  StoreRepository(redis::Client& redis, const redis::KeyLayout& keys,
                  RecentStores* recent = nullptr)
      : redis_(redis), keys_(keys), recent_(recent) {}

  template <class T>
  using Result = boost::system::result<T>;

  /// Inserts the record and sets its index_member (creation order); false, and nothing
  /// written, when the tenant already has `max_stores` stores.
  boost::asio::awaitable<Result<bool>> insert(StoreRecord& record, std::int64_t max_stores);
  boost::asio::awaitable<Result<std::optional<StoreRecord>>> get(std::string tenant,
                                                                 std::string id);
  /// A store by id alone (the ingest endpoint): follows the store's owner key to its tenant.
  boost::asio::awaitable<Result<std::optional<StoreRecord>>> get_by_id(std::string id);
  /// get() and get_by_id() for the hot paths that act on a store's current settings but never
  /// write them back: served from memory when this process read the record less than
  /// `redis.store_cache_ms` ago. Read-modify-write paths use get().
  boost::asio::awaitable<Result<std::optional<StoreRecord>>> get_recent(std::string tenant,
                                                                        std::string id);
  boost::asio::awaitable<Result<std::optional<StoreRecord>>> get_recent_by_id(std::string id);
  /// Stores in creation order, after the index member `after` (empty: from the start).
  boost::asio::awaitable<Result<StorePage>> list(std::string tenant, std::string after,
                                                 std::size_t limit);
  /// Rewrites the record if it still exists; false if it was deleted meanwhile.
  boost::asio::awaitable<Result<bool>> update(const StoreRecord& record);
  boost::asio::awaitable<Result<void>> remove(const StoreRecord& record);

 private:
  // The record's fields as HSET arguments; index_member is written only by insert.
  std::vector<std::string> hset_args(const StoreRecord& r) const;
  /// The tenant a store id belongs to (its owner key); nullopt when no store has the id.
  boost::asio::awaitable<Result<std::optional<std::string>>> owner_of(std::string id);
  void forget_recent(std::string_view id);

  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  RecentStores* recent_;
};

}  // namespace cartgate
