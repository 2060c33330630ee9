#pragma once
// The cart index: the latest snapshot of every cart the gateway has seen, per store, in Redis.
// BigCommerce has no cart listing and Shopify cannot read a cart back by its token, so
// cart.list and cart.info answer from here for them; everywhere it also remembers the status
// a cart had, which is how cart.converted is told from a plain update. Bounded by a TTL
// (events.cart_index_ttl_seconds) and a per-store cap (events.cart_index_max_per_store).

#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>

#include "config/config.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::events {

const redis::Script& cart_index_put_script();
const redis::Script& cart_index_page_script();

struct IndexedCart {
  bool stored = false;          // false: the index already held a newer version
  std::string previous_status;  // what the index said before ("" when the cart is new to it)
};

class CartIndex {
 public:
  CartIndex(redis::Client& redis, const redis::KeyLayout& keys, const EventsConfig& config)
      : redis_(redis), keys_(keys), config_(config) {}

  /// Stores a normalized cart (schema v1; id, status, created_at and updated_at required).
  boost::asio::awaitable<boost::system::result<IndexedCart>> put(const std::string& tenant,
                                                                 const std::string& store_id,
                                                                 const boost::json::object& cart);

  /// The indexed snapshot of one cart, or nullopt when the index does not hold it.
  boost::asio::awaitable<boost::system::result<std::optional<boost::json::object>>> get(
      const std::string& tenant, const std::string& store_id, const std::string& cart_id);

  /// Forgets every cart of a store (store.delete): its changes go with it.
  boost::asio::awaitable<boost::system::result<void>> drop_store(const std::string& tenant,
                                                                 const std::string& store_id);

  /// One page of a cart list, shaped like a connector's list result ({"items", "raw",
  /// "next_page_token", "total"}) so that the read API pages and merges it like any store's.
  /// Honours created_from/to, modified_from/to and the `abandoned` filter.
  boost::asio::awaitable<boost::system::result<boost::json::value>> page(
      const std::string& tenant, const std::string& store_id, const ReadQuery& query);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  const EventsConfig& config_;
};

}  // namespace cartgate::events
