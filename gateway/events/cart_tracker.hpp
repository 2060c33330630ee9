#pragma once
// What follows every cart change the gateway observes, after its own event is appended:
//  - the cart index takes the new snapshot (stale versions are refused there);
//  - a cart the index knew as active or abandoned that is now bought becomes cart.converted,
//    on platforms that do not announce conversions themselves;
//  - a cart that can still be bought is scheduled for the abandonment check (CartWatch) at
//    its last change plus events.abandon_after, on platforms that do not announce abandonment.
// The derived event is appended before the index learns the new status, so a crash in between
// repeats the derivation (deduplicated by its id) rather than losing it.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>

#include "events/cart_index.hpp"
#include "events/event_writer.hpp"

namespace cartgate::events {

/// The gateway derives cart.abandoned for the platform: it does not announce abandonment
/// itself (BigCommerce's store/cart/abandoned does) and its carts can be listed and re-read.
bool derives_abandonment(const Manifest& manifest);
/// The gateway derives cart.converted: no conversion webhook, and its carts can be listed.
bool derives_conversion(const Manifest& manifest);

/// A store's `abandon_after_minutes` setting: a whole number from 1 to 43200, else nullopt.
std::optional<std::int64_t> abandon_minutes(std::string_view setting);
/// How long a cart of this store stays unchanged before it counts as abandoned: the store's
/// setting, else events.abandon_after_ms.
std::chrono::milliseconds abandon_window(const std::map<std::string, std::string>& settings,
                                         const EventsConfig& config);

/// Derived cart events carry the status they announce: BigCommerce's cart read back after
/// store/cart/abandoned still says "active".
void mark_derived_status(Change& change);

/// "<tenant>|<store>|<cart>": a member of the abandonment schedule (KeyLayout::cart_idle).
std::string idle_member(const std::string& tenant, const std::string& store_id,
                        std::string_view cart_id);

class CartTracker {
 public:
  CartTracker(redis::Client& redis, const redis::KeyLayout& keys, const EventsConfig& config,
              EventWriter& writer)
      : redis_(redis), keys_(keys), writer_(writer), index_(redis, keys, config) {}

  /// `change` is a cart change whose own event was just appended (or found a duplicate);
  /// `abandon_after` is the store's window (abandon_window).
  boost::asio::awaitable<boost::system::result<void>> observe(
      const Change& change, const Manifest& manifest, std::chrono::milliseconds abandon_after);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  EventWriter& writer_;
  CartIndex index_;
};

}  // namespace cartgate::events
