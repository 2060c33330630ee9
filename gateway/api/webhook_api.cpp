#include "api/webhook_api.hpp"

#include <algorithm>
#include <chrono>
#include <variant>

#include <boost/json/value_from.hpp>

#include <cartgate/schema/time.hpp>

#include "api/destination_check.hpp"
#include "api/read_request.hpp"
#include "events/cart_tracker.hpp"
#include "events/event_writer.hpp"
#include "events/subscriber_url.hpp"
#include "events/subscription_repository.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::invalid_parameter;

namespace {

constexpr std::size_t kMaxUrl = 2048;
constexpr std::size_t kMaxSubscriptionsPerTenant = 100;

json::object view(const events::Subscription& s, const events::SubscriptionHealth* health) {
  json::object o{
      {"id", s.id},
      {"url", s.url},
      {"event_types", json::value_from(s.event_types)},
      {"store_ids",
       s.store_ids.empty() ? json::value("all") : json::value(json::value_from(s.store_ids))},
      {"status", s.status},
      {"paused_reason",
       s.paused_reason.empty() ? json::value(nullptr) : json::value(s.paused_reason)},
      {"timeout_ms", s.timeout_ms > 0 ? json::value(s.timeout_ms) : nullptr},
      {"max_concurrency", s.max_concurrency > 0 ? json::value(s.max_concurrency) : nullptr},
      {"description", s.description},
      {"created_at", s.created_at}};
  if (s.event_types.empty()) o["event_types"] = "all";
  if (health != nullptr) {
    o["health"] = json::object{
        {"consecutive_failures", health->consecutive_failures},
        {"last_error",
         health->last_error.empty() ? json::value(nullptr) : json::value(health->last_error)},
        {"last_failure_at", health->last_failure_at.empty() ? json::value(nullptr)
                                                            : json::value(health->last_failure_at)},
        {"last_success_at", health->last_success_at.empty() ? json::value(nullptr)
                                                            : json::value(health->last_success_at)},
        {"dead_letters", health->dead_letters}};
  }
  return o;
}

}  // namespace

asio::awaitable<Outcome> webhook_create(CallContext& c) {
  const Params& p = c.params;
  if (auto e = p.only(
          {"url", "event_types", "store_id", "timeout_ms", "max_concurrency", "description"})) {
    co_return *e;
  }
  auto url_text = p.required_string("url", kMaxUrl);
  if (!url_text) co_return url_text.error();
  auto url =
      events::check_subscriber_url(*url_text, c.services.destinations.policy.has_allowlist());
  if (auto* refused = std::get_if<events::UrlRejected>(&url)) {
    co_return invalid_parameter(refused->reason);
  }
  events::Subscription s;
  s.tenant = c.tenant;
  s.url = std::get<std::string>(std::move(url));

  auto types = p.string("event_types", 1024);
  if (!types) co_return types.error();
  if (*types && **types != "all") {
    for (auto& t : split_list(**types)) {
      if (!enum_from_name<EventType>(t) && !events::is_notice_type(t)) {
        co_return invalid_parameter("Parameter 'event_types': unknown event type '" + t + "'.");
      }
      if (std::find(s.event_types.begin(), s.event_types.end(), t) == s.event_types.end()) {
        s.event_types.push_back(std::move(t));
      }
    }
  }
  auto stores = p.string("store_id", 4096);
  if (!stores) co_return stores.error();
  if (*stores && **stores != "all") {
    for (auto& id : split_list(**stores)) {
      auto found = co_await c.services.stores.get(c.tenant, id);
      if (!found) co_return storage_unavailable(c, found.error());
      if (!*found) co_return http::not_found("store_not_found", "No store '" + id + "'.");
      s.store_ids.push_back(std::move(id));
    }
  }
  auto timeout = p.integer("timeout_ms", 100, 60'000, 0);
  if (!timeout) co_return timeout.error();
  auto concurrency = p.integer("max_concurrency", 1, 64, 0);
  if (!concurrency) co_return concurrency.error();
  auto description = p.string("description", 500);
  if (!description) co_return description.error();
  s.timeout_ms = *timeout;
  s.max_concurrency = *concurrency;
  s.description = description->value_or("");
  if (auto problem = co_await refuse_destination(c, s.url, "url")) co_return std::move(*problem);

  events::SubscriptionRepository repo(c.services.redis, c.services.keys);
  auto existing = co_await repo.list(c.tenant);
  if (!existing) co_return storage_unavailable(c, existing.error());
  if (existing->size() >= kMaxSubscriptionsPerTenant) {
    co_return http::Problem{
        409, "too_many_subscriptions", "Too many subscriptions",
        "A tenant has at most " + std::to_string(kMaxSubscriptionsPerTenant) + " subscriptions."};
  }
  s.id = events::new_subscription_id();
  s.created_at = util::now_rfc3339();
  const std::string secret = events::new_signing_secret();
  s.sealed_secret = c.services.cipher.seal(secret, events::secret_associated_data(s));
  if (auto r = co_await repo.insert(s); !r) co_return storage_unavailable(c, r.error());
  c.services.events.forget(c.tenant);
  json::object data = view(s, nullptr);
  // Shown once: the subscriber verifies signatures with it (Standard Webhooks).
  data["secret"] = secret;
  co_return Success{201, json::object{{"data", std::move(data)}}};
}

asio::awaitable<Outcome> webhook_list(CallContext& c) {
  if (auto e = c.params.only({})) co_return *e;
  events::SubscriptionRepository repo(c.services.redis, c.services.keys);
  auto subs = co_await repo.list(c.tenant);
  if (!subs) co_return storage_unavailable(c, subs.error());
  json::array data;
  for (const auto& s : *subs) {
    auto health = co_await repo.health(c.tenant, s.id);
    if (!health) co_return storage_unavailable(c, health.error());
    data.push_back(view(s, &*health));
  }
  co_return Success{200,
                    json::object{{"data", std::move(data)},
                                 {"pagination", {{"next_cursor", nullptr}, {"has_more", false}}}}};
}

asio::awaitable<Outcome> webhook_delete(CallContext& c) {
  if (auto e = c.params.only({"id"})) co_return *e;
  auto id = c.params.required_string("id", 64);
  if (!id) co_return id.error();
  events::SubscriptionRepository repo(c.services.redis, c.services.keys);
  auto removed = co_await repo.remove(c.tenant, *id);
  if (!removed) co_return storage_unavailable(c, removed.error());
  if (!*removed) co_return http::not_found("webhook_not_found", "No subscription '" + *id + "'.");
  c.services.events.forget(c.tenant);
  co_return Success{200, json::object{{"data", {{"id", *id}, {"deleted", true}}}}};
}

asio::awaitable<Outcome> webhook_resume(CallContext& c) {
  if (auto e = c.params.only({"id"})) co_return *e;
  auto id = c.params.required_string("id", 64);
  if (!id) co_return id.error();
  events::SubscriptionRepository repo(c.services.redis, c.services.keys);
  auto found = co_await repo.get(c.tenant, *id);
  if (!found) co_return storage_unavailable(c, found.error());
  if (!*found) co_return http::not_found("webhook_not_found", "No subscription '" + *id + "'.");
  events::Subscription s = std::move(**found);
  s.status = "active";
  s.paused_reason.clear();
  // The failure streak starts over, so the subscriber gets a full run before the next pause.
  if (auto r = co_await repo.reset_failures(c.tenant, s.id); !r) {
    co_return storage_unavailable(c, r.error());
  }
  auto updated = co_await repo.update(s);
  if (!updated) co_return storage_unavailable(c, updated.error());
  if (!*updated) co_return http::not_found("webhook_not_found", "No subscription '" + *id + "'.");
  c.services.events.forget(c.tenant);
  auto health = co_await repo.health(c.tenant, s.id);
  if (!health) co_return storage_unavailable(c, health.error());
  co_return Success{200, json::object{{"data", view(s, &*health)}}};
}

asio::awaitable<Outcome> webhook_events(CallContext& c) {
  if (auto e = c.params.only({"platform", "store_id"})) co_return *e;
  auto only = c.params.string("platform", 32);
  if (!only) co_return only.error();
  auto store_id = c.params.string("store_id", 64);
  if (!store_id) co_return store_id.error();
  // For one store the answer is exact: are its platform webhooks registered right now?
  std::optional<bool> store_webhooks;
  if (*store_id) {
    auto found = co_await c.services.stores.get(c.tenant, **store_id);
    if (!found) co_return storage_unavailable(c, found.error());
    if (!*found) co_return http::not_found("store_not_found", "No store '" + **store_id + "'.");
    if (*only && **only != (*found)->platform) {
      co_return invalid_parameter("Parameter 'platform': store '" + **store_id + "' is a " +
                                  (*found)->platform + " store, not " + **only + ".");
    }
    only = std::optional<std::string>((*found)->platform);
    auto status = co_await c.services.redis.command(
        "HGET", c.services.keys.poll_checkpoints(**store_id), "webhooks:status");
    if (auto ec = redis::failure_of(status)) co_return storage_unavailable(c, ec);
    store_webhooks = status->is_string() && status->str == "ok";
  }
  const auto& cfg = c.services.config.events;
  const auto seconds = [](std::chrono::milliseconds ms) { return (ms.count() + 999) / 1000; };
  json::object data;
  for (const auto& name : c.services.connectors.platforms()) {
    const Manifest& m = c.services.connectors.find(name)->manifest();
    if (*only && **only != m.platform) continue;
    json::object types;
    for (const auto& e : m.events) {
      json::object o;
      const bool webhook = e.delivery == EventDelivery::webhook && !cfg.public_url.empty() &&
                           store_webhooks.value_or(true);
      if (e.delivery == EventDelivery::unsupported) {
        o["via"] = "unsupported";
      } else if (webhook) {
        o["via"] = "webhook";
        o["expected_latency_seconds"] = 5;
        o["safety_net_poll_seconds"] = seconds(cfg.poll_safety_interval);
        // Platform-wide, registration is per store: until a store's webhooks are in place
        // (or where the connector cannot register them), its changes are polled.
        if (!store_webhooks) o["unregistered_poll_seconds"] = seconds(cfg.poll_interval);
      } else {
        o["via"] = "poll";
        o["expected_latency_seconds"] = seconds(cfg.poll_interval);
      }
      // Polling sees entities, not transitions: these arrive only by platform webhook.
      const bool transition =
          e.type == EventType::cart_abandoned || e.type == EventType::cart_converted;
      if (transition && !webhook && e.delivery != EventDelivery::unsupported) {
        o = json::object{{"via", "unsupported"}};
      }
      o["note"] = e.note;
      types[enum_name(e.type)] = std::move(o);
    }
    // Cart transitions the platform does not announce, derived by the gateway from its carts.
    if (events::derives_abandonment(m)) {
      types[enum_name(EventType::cart_abandoned)] = json::object{
          {"via", "gateway"},
          {"expected_latency_seconds", seconds(cfg.abandon_after + cfg.poll_interval)},
          {"note",
           "A polled cart unchanged for events.abandon_after_ms, re-read from the platform and "
           "announced once per version if it was not bought."}};
    }
    if (events::derives_conversion(m)) {
      types[enum_name(EventType::cart_converted)] =
          json::object{{"via", "gateway"},
                       {"expected_latency_seconds", seconds(cfg.poll_interval)},
                       {"note", "A polled cart seen active or abandoned before is seen bought."}};
    }
    // Notices come from the gateway's own check of the platform's webhooks.
    const bool registers =
        !cfg.public_url.empty() && std::any_of(m.events.begin(), m.events.end(), [](const auto& e) {
          return e.delivery == EventDelivery::webhook;
        });
    if (registers) {
      for (auto [type, note] :
           {std::pair{events::kWebhooksRepaired,
                      "Webhooks the platform dropped or disabled were registered again; the gap "
                      "is being polled."},
            std::pair{events::kWebhooksFailing,
                      "The store's webhooks could not be put back; its changes are polled."}}) {
        types[type] =
            json::object{{"via", "gateway"},
                         {"expected_latency_seconds", seconds(cfg.webhook_check_interval)},
                         {"note", note}};
      }
    }
    data[m.platform] = std::move(types);
  }
  if (*only && data.empty()) {
    std::string known;
    for (const auto& name : c.services.connectors.platforms())
      known += (known.empty() ? "" : ", ") + name;
    co_return http::bad_request("unknown_platform", "No connector for platform '" + **only +
                                                        "'; available: " + known + ".");
  }
  co_return Success{200, json::object{{"data", std::move(data)}}};
}

}  // namespace cartgate::api
