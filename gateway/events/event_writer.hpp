#pragma once
// Turns an observed change (from a webhook or a poll) into at most one event: builds the
// envelope, derives the idempotency key from store, entity, id and version, and runs the
// append script that dedupes, appends to the tenant's stream and queues the deliveries.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/time.hpp>

#include "config/config.hpp"
#include "events/subscription_repository.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::events {

struct Change {
  std::string tenant;
  std::string store_id;
  std::string platform;
  Entity entity = Entity::order;
  std::optional<EventType> derived;  // cart.abandoned, cart.converted; else add/update decided
  EventSource source = EventSource::webhook;
  Timestamp received_at{};
  std::int64_t tracked_since_ms = 0;  // when the store was connected: older entities are updates
  boost::json::object data;           // the normalized entity (id and updated_at required)
  boost::json::array warnings;        // fields the platform withheld from `data` (may be empty)
};

/// The connector's warnings about the record `id` (a read result's "warnings"), without the
/// record id: what an event about that record carries.
boost::json::array warnings_for(const boost::json::value& read_result, std::string_view id);

/// Operational notices about a store rather than changes of an entity, delivered like events
/// to the subscriptions that ask for their type.
inline constexpr std::string_view kWebhooksRepaired = "store.webhooks_repaired";
inline constexpr std::string_view kWebhooksFailing = "store.webhooks_failing";
bool is_notice_type(std::string_view type);

struct Notice {
  std::string tenant;
  std::string store_id;
  std::string platform;
  std::string_view type;  // kWebhooksRepaired, kWebhooksFailing
  Timestamp at{};
  boost::json::object data;  // schema/v1/store_notice.json
};

struct AppendOutcome {
  bool appended = false;
  std::string type;      // the event type, when appended
  std::string event_id;  // the deterministic id, appended or not
  std::string reason;    // when not appended: duplicate | stale | history
};

const redis::Script& event_append_script();

/// The event id for a change: the same change always gets the same id (evt_ + 26 hex).
std::string event_id_for(const Change& change, std::int64_t updated_ms,
                         std::string_view fingerprint);

/// The envelope members after "id" and "type", as the stream stores them.
std::string envelope_tail(const Change& change);

/// {"id":…,"type":…, + tail: the envelope subscribers receive and event.list shows.
std::string envelope(std::string_view id, std::string_view type, std::string_view tail);

class EventWriter {
 public:
  EventWriter(redis::Client& redis, const redis::KeyLayout& keys, const EventsConfig& config)
      : redis_(redis), keys_(keys), config_(config), subscriptions_(redis, keys) {}

  /// Errors: Redis failures, or invalid_argument when the entity lacks id or updated_at.
  boost::asio::awaitable<boost::system::result<AppendOutcome>> append(const Change& change);

  /// Appends a notice as an event of its own type (never deduplicated against entities).
  boost::asio::awaitable<boost::system::result<AppendOutcome>> append_notice(const Notice& notice);

  /// Drops the cached subscriptions of a tenant (after webhook.create/delete in this process).
  void forget(const std::string& tenant) { cache_.erase(tenant); }

  /// Called after every append that queued deliveries: wakes this process's deliverer, so an
  /// event appended here is delivered at once instead of at the deliverer's next idle check.
  /// Set once at start, before any append; may be called from any thread.
  void on_queued(std::function<void()> hook) { on_queued_ = std::move(hook); }

 private:
  struct Cached {
    std::chrono::steady_clock::time_point loaded;
    std::vector<Subscription> subscriptions;
  };
  boost::asio::awaitable<boost::system::result<const std::vector<Subscription>*>> subscriptions_of(
      const std::string& tenant);
  // Adds each subscription's queue and its decision for either type, then runs the script.
  // The append script's queue cap, clock and time-trim arguments (ARGV[11..13]).
  void add_delivery_args(std::vector<std::string>& args) const;
  boost::asio::awaitable<boost::system::result<AppendOutcome>> run_append(
      const std::string& tenant, const std::string& store_id, const std::string& add_type,
      const std::string& update_type, std::vector<std::string> keys, std::vector<std::string> args,
      AppendOutcome outcome);

  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  const EventsConfig& config_;
  SubscriptionRepository subscriptions_;
  std::map<std::string, Cached> cache_;
  std::function<void()> on_queued_;
};

}  // namespace cartgate::events
