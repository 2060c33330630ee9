#pragma once
// A subscriber registration (webhook.create): where to POST, which event types from which
// stores, and its Standard Webhooks signing secret (sealed at rest).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace cartgate::events {

struct Subscription {
  std::string id;  // "wh_" + 20 hex
  std::string tenant;
  std::string url;
  std::vector<std::string> event_types;  // empty: every type
  std::vector<std::string> store_ids;    // empty: every store of the tenant, present and future
  std::string sealed_secret;             // the "whsec_..." secret, sealed
  std::string status = "active";         // active | paused
  std::string paused_reason;
  std::string created_at;
  std::int64_t timeout_ms = 0;       // 0: events.delivery_timeout
  std::int64_t max_concurrency = 0;  // 0: events.delivery_concurrency
  std::string description;
};

std::string new_subscription_id();
/// "whsec_" + base64 of 24 random bytes, as Standard Webhooks secrets are written.
std::string new_signing_secret();
/// What a sealed secret is bound to.
std::string secret_associated_data(const Subscription& s);

/// Why a subscription does not receive an event, or nullopt when it does.
/// "filtered" (type or store not subscribed) and "subscription_paused" are recorded on the
/// event so event.info can explain a missing delivery.
std::optional<std::string_view> suppression(const Subscription& s, std::string_view event_type,
                                            std::string_view store_id);

boost::json::object to_json(const Subscription& s);  // the stored form (secret sealed)
std::optional<Subscription> subscription_from_json(std::string_view text, std::string tenant);

}  // namespace cartgate::events
