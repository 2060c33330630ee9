#include "events/cart_tracker.hpp"

#include <algorithm>
#include <charconv>

#include <cartgate/schema/event.hpp>

#include "util/unix_ms.hpp"

namespace cartgate::events {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

bool announced_by_webhook(const Manifest& m, EventType type) {
  return std::any_of(m.events.begin(), m.events.end(), [&](const EventCapability& e) {
    return e.type == type && e.delivery == EventDelivery::webhook;
  });
}

bool cart_can(const Manifest& m, ReadVerb verb) {
  return std::any_of(m.entities.begin(), m.entities.end(), [&](const EntityCapability& e) {
    return e.entity == Entity::cart &&
           std::find(e.verbs.begin(), e.verbs.end(), verb) != e.verbs.end();
  });
}

std::string_view text_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

bool has_lines(const json::object& cart) {
  const auto* lines = cart.if_contains("line_items");
  return lines != nullptr && lines->is_array() && !lines->get_array().empty();
}

}  // namespace

bool derives_abandonment(const Manifest& m) {
  return !announced_by_webhook(m, EventType::cart_abandoned) && cart_can(m, ReadVerb::list) &&
         cart_can(m, ReadVerb::info);
}

bool derives_conversion(const Manifest& m) {
  return !announced_by_webhook(m, EventType::cart_converted) && cart_can(m, ReadVerb::list);
}

std::optional<std::int64_t> abandon_minutes(std::string_view setting) {
  std::int64_t minutes = 0;
  auto [p, ec] = std::from_chars(setting.data(), setting.data() + setting.size(), minutes);
  if (ec != std::errc() || p != setting.data() + setting.size()) return std::nullopt;
  if (minutes < 1 || minutes > 43'200) return std::nullopt;
  return minutes;
}

std::chrono::milliseconds abandon_window(const std::map<std::string, std::string>& settings,
                                         const EventsConfig& config) {
  const auto it = settings.find("abandon_after_minutes");
  const auto minutes = it == settings.end() ? std::nullopt : abandon_minutes(it->second);
  if (!minutes) return config.abandon_after;
  return std::chrono::minutes(*minutes);
}

void mark_derived_status(Change& change) {
  if (change.derived == EventType::cart_abandoned) change.data["status"] = "abandoned";
  if (change.derived == EventType::cart_converted) change.data["status"] = "converted";
}

std::string idle_member(const std::string& tenant, const std::string& store_id,
                        std::string_view cart_id) {
  std::string out = tenant;
  out.append("|").append(store_id).append("|").append(cart_id);
  return out;
}

asio::awaitable<boost::system::result<void>> CartTracker::observe(
    const Change& change, const Manifest& manifest, std::chrono::milliseconds abandon_after) {
  const std::string_view id = text_at(change.data, "id");
  const std::string_view status = text_at(change.data, "status");
  const auto updated = parse_rfc3339(text_at(change.data, "updated_at"));
  if (id.empty() || status.empty() || !updated) {
    co_return error_code(std::make_error_code(std::errc::invalid_argument));
  }
  const std::string cart_id(id);

  if (status == "converted" && !change.derived && derives_conversion(manifest)) {
    auto before = co_await redis_.command(
        "HGET", keys_.cart_snapshot(change.tenant, change.store_id, cart_id), "status");
    if (auto ec = redis::failure_of(before)) co_return ec;
    // Only a cart seen before it was bought is "tracked"; one first seen converted is history.
    if (before->str == "active" || before->str == "abandoned") {
      Change converted = change;
      converted.derived = EventType::cart_converted;
      auto appended = co_await writer_.append(converted);
      if (!appended) co_return appended.error();
    }
  }

  auto indexed = co_await index_.put(change.tenant, change.store_id, change.data);
  if (!indexed) co_return indexed.error();
  if (!indexed->stored || !derives_abandonment(manifest)) co_return boost::system::result<void>();

  // Only carts the poller reads can be re-checked with the platform before they are called
  // abandoned: Shopify's carts/* carts (known by token) have no read API, its abandoned
  // checkouts do.
  const std::string member = idle_member(change.tenant, change.store_id, cart_id);
  const bool can_abandon = status != "converted" && has_lines(change.data);
  if (change.derived || !can_abandon) {
    auto r = co_await redis_.command("ZREM", keys_.cart_idle(), member);
    if (auto ec = redis::failure_of(r)) co_return ec;
  } else if (change.source == EventSource::poll) {
    const std::int64_t due = util::unix_ms(*updated) + abandon_after.count();
    auto r = co_await redis_.command("ZADD", keys_.cart_idle(), std::to_string(due), member);
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  co_return boost::system::result<void>();
}

}  // namespace cartgate::events
