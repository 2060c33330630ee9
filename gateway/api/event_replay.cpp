#include "api/event_replay.hpp"

#include <algorithm>
#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>

#include "api/read_request.hpp"
#include "embedded/event_replay_lua.hpp"
#include "events/stream_event.hpp"
#include "events/subscription_repository.hpp"
#include "redis/script.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::invalid_parameter;

namespace {

constexpr std::int64_t kScanFactor = 4;  // stream entries read per event wanted (filters)
constexpr std::int64_t kMaxScan = 5000;
constexpr std::string_view kCursorScope = "event.replay";

const redis::Script& replay_script() {
  static const redis::Script script("event_replay", std::string(embedded::event_replay_lua));
  return script;
}

// What goes back into the queue: the event's record and the queue payload, newest first.
struct Batch {
  std::vector<std::string> records;
  std::vector<std::string> items;
};

void add(Batch& b, const CallContext& c, const events::StreamEvent& e) {
  b.records.push_back(c.services.keys.event_record(c.tenant, e.id));
  b.items.push_back(
      json::serialize(json::object{{"event", e.id}, {"type", e.type}, {"tail", e.tail}}));
}

// Runs the replay script; the answer is how many were queued, or -1 (dead letters changed).
asio::awaitable<boost::system::result<std::int64_t>> queue(const CallContext& c,
                                                           const events::Subscription& s,
                                                           const Batch& b, bool dead) {
  const std::int64_t hour = util::unix_ms_now() / 3'600'000;
  std::vector<std::string> keys{c.services.keys.subscription_queue(c.tenant, s.id),
                                c.services.keys.dead_letters(c.tenant, s.id),
                                c.services.keys.replay_count(c.tenant, hour)};
  keys.insert(keys.end(), b.records.begin(), b.records.end());
  std::vector<std::string> args{s.id, util::now_rfc3339(), dead ? "dead" : "events",
                                std::to_string(c.services.config.tenants.replay_events_per_hour),
                                std::to_string(c.services.config.events.max_queue_length)};
  args.insert(args.end(), b.items.begin(), b.items.end());
  auto r = co_await c.services.redis.eval(replay_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return ec;
  co_return r->as_integer().value_or(0);
}

// The tenant's bounds on replays (the script's -2 and -3), as problems.
std::optional<http::Problem> over_limit(const CallContext& c, std::int64_t n) {
  if (n == -2) {
    http::Problem p{429, "replay_limit_reached", "Replay limit reached",
                    "A tenant replays at most " +
                        std::to_string(c.services.config.tenants.replay_events_per_hour) +
                        " events per hour; nothing was queued. Retry in the next hour, or "
                        "replay fewer."};
    const std::int64_t into_hour_s = util::unix_ms_now() / 1000 % 3600;
    p.retry_after_seconds = 3600 - into_hour_s;
    return p;
  }
  if (n == -3) {
    return http::Problem{409, "queue_full", "Subscription queue full",
                         "The subscription already holds close to " +
                             std::to_string(c.services.config.events.max_queue_length) +
                             " deliveries; nothing was queued. Resume or fix the subscriber "
                             "first."};
  }
  return std::nullopt;
}

bool receives(const events::Subscription& s, const events::StreamEvent& e) {
  return events::suppression(s, e.type, e.store) != std::string_view("filtered");
}

Success replayed(const events::Subscription& s, std::int64_t n, const json::object& more = {}) {
  json::object data{{"subscription_id", s.id}, {"replayed", n}};
  for (auto& [k, v] : more)
    data[k] = v;
  return Success{200, json::object{{"data", std::move(data)}}};
}

asio::awaitable<Outcome> replay_one(CallContext& c, const events::Subscription& s,
                                    const std::string& id) {
  const auto gone = [&] {
    return http::not_found("event_not_found",
                           "No event '" + id + "' (it may be older than the retention).");
  };
  if (!id.starts_with("evt_")) co_return gone();
  auto sid =
      co_await c.services.redis.command("HGET", c.services.keys.event_record(c.tenant, id), "sid");
  if (auto ec = redis::failure_of(sid)) co_return storage_unavailable(c, ec);
  if (!sid->is_string()) co_return gone();
  auto entry = co_await c.services.redis.command("XRANGE", c.services.keys.events(c.tenant),
                                                 sid->str, sid->str);
  if (auto ec = redis::failure_of(entry)) co_return storage_unavailable(c, ec);
  if (entry->elements.empty()) co_return gone();
  const auto e = events::stream_event_from(entry->elements[0]);
  if (!receives(s, e)) {
    co_return http::bad_request("event_not_subscribed", "Subscription '" + s.id +
                                                            "' does not receive " + e.type +
                                                            " events of store '" + e.store + "'.");
  }
  Batch b;
  add(b, c, e);
  auto n = co_await queue(c, s, b, false);
  if (!n) co_return storage_unavailable(c, n.error());
  if (auto p = over_limit(c, *n)) co_return std::move(*p);
  co_return replayed(s, *n);
}

// Events appended from `start` (an XRANGE bound) to `end_ms`, oldest first, `limit` at most.
asio::awaitable<Outcome> replay_range(CallContext& c, const events::Subscription& s,
                                      std::string start, std::int64_t end_ms, std::int64_t limit) {
  const std::int64_t scan = std::min(kMaxScan, limit * kScanFactor);
  auto r = co_await c.services.redis.command("XRANGE", c.services.keys.events(c.tenant), start,
                                             std::to_string(end_ms), "COUNT", std::to_string(scan));
  if (auto ec = redis::failure_of(r)) co_return storage_unavailable(c, ec);
  Batch b;
  std::string last;
  bool more = static_cast<std::int64_t>(r->elements.size()) == scan;
  for (const auto& entry : r->elements) {
    const auto e = events::stream_event_from(entry);
    if (e.stream_id.empty()) continue;
    last = e.stream_id;
    if (!receives(s, e)) continue;
    add(b, c, e);
    if (static_cast<std::int64_t>(b.items.size()) == limit) {
      more = more || &entry != &r->elements.back();
      break;
    }
  }
  std::reverse(b.records.begin(), b.records.end());
  std::reverse(b.items.begin(), b.items.end());
  auto n = co_await queue(c, s, b, false);
  if (!n) co_return storage_unavailable(c, n.error());
  if (auto p = over_limit(c, *n)) co_return std::move(*p);
  json::value next = nullptr;
  if (more) {
    next = c.services.cursors.encode(
        c.tenant, kCursorScope,
        json::object{{"after", last}, {"end_ms", end_ms}, {"subscription_id", s.id}});
  }
  co_return replayed(s, *n, {{"has_more", more}, {"next_cursor", next}});
}

// The oldest `limit` dead letters go back into the queue and off the list.
asio::awaitable<Outcome> replay_dead_letters(CallContext& c, const events::Subscription& s,
                                             std::int64_t limit) {
  const std::string list = c.services.keys.dead_letters(c.tenant, s.id);
  auto r = co_await c.services.redis.command("LRANGE", list, std::to_string(-limit), "-1");
  if (auto ec = redis::failure_of(r)) co_return storage_unavailable(c, ec);
  Batch b;
  for (const auto& item : r->elements) {
    boost::system::error_code ec;
    auto v = json::parse(item.str, ec);
    const auto* event = !ec && v.is_object() ? v.get_object().if_contains("event") : nullptr;
    if (event == nullptr || !event->is_string()) {
      co_return http::Problem(500, "internal_error", "Internal error",
                              "A dead letter of subscription '" + s.id + "' is unreadable.");
    }
    b.records.push_back(
        c.services.keys.event_record(c.tenant, std::string_view(event->get_string())));
    b.items.push_back(item.str);  // the script compares them with the list, byte for byte
  }
  auto n = co_await queue(c, s, b, true);
  if (!n) co_return storage_unavailable(c, n.error());
  if (auto p = over_limit(c, *n)) co_return std::move(*p);
  if (*n < 0) {
    co_return http::Problem(409, "replay_conflict", "Conflict",
                            "The dead letters changed while they were read; try again.");
  }
  auto left = co_await c.services.redis.command("LLEN", list);
  if (auto ec = redis::failure_of(left)) co_return storage_unavailable(c, ec);
  co_return replayed(s, *n, {{"dead_letters_left", left->as_integer().value_or(0)}});
}

}  // namespace

asio::awaitable<Outcome> event_replay(CallContext& c) {
  const Params& p = c.params;
  if (auto e = p.only({"subscription_id", "id", "created_from", "created_to", "dead_letters",
                       "cursor", "limit"})) {
    co_return *e;
  }
  auto sub_id = p.required_string("subscription_id", 64);
  if (!sub_id) co_return sub_id.error();
  auto limit = p.integer("limit", 1, 1000, 500);
  if (!limit) co_return limit.error();
  auto id = p.string("id", 64);
  if (!id) co_return id.error();
  auto from = p.string("created_from", 64);
  if (!from) co_return from.error();
  auto to = p.string("created_to", 64);
  if (!to) co_return to.error();
  auto cursor = p.string("cursor", 2048);
  if (!cursor) co_return cursor.error();
  auto dead = p.boolean("dead_letters", false);
  if (!dead) co_return dead.error();
  const int modes = (*id ? 1 : 0) + (*from ? 1 : 0) + (*dead ? 1 : 0) + (*cursor ? 1 : 0);
  if (modes != 1 || (*to && !*from)) {
    co_return invalid_parameter(
        "Give exactly one of 'id', 'created_from' (with an optional 'created_to'), "
        "'dead_letters' or 'cursor'.");
  }

  events::SubscriptionRepository repo(c.services.redis, c.services.keys);
  auto found = co_await repo.get(c.tenant, *sub_id);
  if (!found) co_return storage_unavailable(c, found.error());
  if (!*found) {
    co_return http::not_found("webhook_not_found", "No subscription '" + *sub_id + "'.");
  }
  const events::Subscription& s = **found;

  if (*dead) co_return co_await replay_dead_letters(c, s, *limit);
  if (*id) co_return co_await replay_one(c, s, **id);
  if (*cursor) {
    auto state = c.services.cursors.decode(c.tenant, kCursorScope, **cursor);
    const auto* o = state && state->is_object() ? &state->get_object() : nullptr;
    const auto* after = o != nullptr ? o->if_contains("after") : nullptr;
    const auto* end = o != nullptr ? o->if_contains("end_ms") : nullptr;
    const auto* owner = o != nullptr ? o->if_contains("subscription_id") : nullptr;
    if (after == nullptr || !after->is_string() || end == nullptr || !end->is_int64() ||
        owner == nullptr || *owner != s.id.c_str()) {
      co_return http::bad_request("invalid_cursor", "The cursor is malformed or not this call's.");
    }
    co_return co_await replay_range(c, s, "(" + std::string(after->get_string()), end->get_int64(),
                                    *limit);
  }
  const auto start = parse_rfc3339(**from);
  if (!start) co_return invalid_parameter("Parameter 'created_from' must be RFC 3339.");
  const auto end = *to ? parse_rfc3339(**to) : std::optional<Timestamp>(util::now_seconds());
  if (!end) co_return invalid_parameter("Parameter 'created_to' must be RFC 3339.");
  if (*end < *start) {
    co_return invalid_parameter("Parameter 'created_to' must not be before 'created_from'.");
  }
  // The stream's ids are append times in ms; created_to includes its whole second.
  co_return co_await replay_range(c, s, std::to_string(util::unix_ms(*start)),
                                  util::unix_ms(*end) + 999, *limit);
}

}  // namespace cartgate::api
