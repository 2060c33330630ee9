#include "api/event_api.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <cartgate/schema/time.hpp>

#include "api/read_request.hpp"
#include "events/event_writer.hpp"
#include "events/stream_event.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::invalid_parameter;

namespace {

constexpr std::int64_t kScanFactor = 4;  // entries read per wanted event when filtering
constexpr std::int64_t kMaxScan = 1000;
constexpr auto kWaitStep = std::chrono::milliseconds(100);

json::value envelope_json(const events::StreamEvent& e) {
  boost::system::error_code ec;
  auto v = json::parse(events::envelope(e.id, e.type, e.tail), ec);
  return ec ? json::value(nullptr) : v;
}

bool wanted(const std::vector<std::string>& filter, const std::string& v) {
  return filter.empty() || std::find(filter.begin(), filter.end(), v) != filter.end();
}

}  // namespace

asio::awaitable<Outcome> event_list(CallContext& c) {
  const Params& p = c.params;
  if (auto e = p.only({"cursor", "limit", "store_id", "type", "created_from", "wait"}))
    co_return *e;
  auto limit = p.integer("limit", 1, 250, 50);
  if (!limit) co_return limit.error();
  auto wait = p.integer("wait", 0, 30, 0);
  if (!wait) co_return wait.error();
  auto stores_text = p.string("store_id", 4096);
  if (!stores_text) co_return stores_text.error();
  auto types_text = p.string("type", 1024);
  if (!types_text) co_return types_text.error();
  std::vector<std::string> stores;
  if (*stores_text && **stores_text != "all") stores = split_list(**stores_text);
  std::vector<std::string> types =
      *types_text ? split_list(**types_text) : std::vector<std::string>{};
  for (const auto& t : types) {
    if (!enum_from_name<EventType>(t) && !events::is_notice_type(t)) {
      co_return invalid_parameter("Parameter 'type': unknown event type '" + t + "'.");
    }
  }

  std::string start = "-";
  auto cursor = p.string("cursor", 2048);
  if (!cursor) co_return cursor.error();
  if (*cursor) {
    auto state = c.services.cursors.decode(c.tenant, "event.list", **cursor);
    const auto* after =
        state && state->is_object() ? state->get_object().if_contains("after") : nullptr;
    if (after == nullptr || !after->is_string()) {
      co_return http::bad_request("invalid_cursor", "The cursor is malformed or not this call's.");
    }
    start = "(" + std::string(after->get_string());
  } else {
    auto from = p.string("created_from", 64);
    if (!from) co_return from.error();
    if (*from) {
      auto t = parse_rfc3339(**from);
      if (!t) co_return invalid_parameter("Parameter 'created_from' must be RFC 3339.");
      start = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(t->time_since_epoch()).count());
    }
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*wait);
  asio::steady_timer nap(co_await asio::this_coro::executor);
  const std::int64_t scan = std::min<std::int64_t>(
      kMaxScan, *limit * ((stores.empty() && types.empty()) ? 1 : kScanFactor));
  json::array data;
  std::string last = start.starts_with("(") ? start.substr(1) : std::string();
  bool more = false;
  for (;;) {
    auto r = co_await c.services.redis.command("XRANGE", c.services.keys.events(c.tenant), start,
                                               "+", "COUNT", std::to_string(scan));
    if (auto ec = redis::failure_of(r)) co_return storage_unavailable(c, ec);
    more = static_cast<std::int64_t>(r->elements.size()) == scan;
    for (const auto& e : r->elements) {
      if (e.elements.size() != 2) continue;
      events::StreamEvent ev = events::stream_event_from(e);
      last = ev.stream_id;
      if (wanted(stores, ev.store) && wanted(types, ev.type)) {
        data.push_back(envelope_json(ev));
        if (static_cast<std::int64_t>(data.size()) == *limit) {
          more = true;
          break;
        }
      }
    }
    if (!last.empty()) start = "(" + last;
    if (!data.empty() || more || std::chrono::steady_clock::now() + kWaitStep > deadline ||
        c.services.draining.load()) {
      break;
    }
    nap.expires_after(kWaitStep);
    co_await nap.async_wait(asio::use_awaitable);
  }
  // The cursor always points after what was read, so a feed can keep pulling from it.
  json::value next = nullptr;
  if (!last.empty())
    next = c.services.cursors.encode(c.tenant, "event.list", json::object{{"after", last}});
  co_return Success{200, json::object{{"data", std::move(data)},
                                      {"pagination", {{"next_cursor", next}, {"has_more", more}}}}};
}

asio::awaitable<Outcome> event_info(CallContext& c) {
  if (auto e = c.params.only({"id"})) co_return *e;
  auto id = c.params.required_string("id", 64);
  if (!id) co_return id.error();
  if (!id->starts_with("evt_"))
    co_return http::not_found("event_not_found", "No event '" + *id + "'.");
  auto record =
      co_await c.services.redis.command("HGETALL", c.services.keys.event_record(c.tenant, *id));
  if (auto ec = redis::failure_of(record)) co_return storage_unavailable(c, ec);
  if (record->elements.empty()) {
    co_return http::not_found("event_not_found",
                              "No event '" + *id + "' (it may be older than the retention).");
  }
  json::object data{{"id", *id}};
  json::array deliveries;
  std::string sid;
  for (std::size_t i = 0; i + 1 < record->elements.size(); i += 2) {
    const auto& k = record->elements[i].str;
    const auto& v = record->elements[i + 1].str;
    if (k == "sid") {
      sid = v;
    } else if (k == "type" || k == "source" || k == "last_duplicate_source") {
      data[k] = v;
    } else if (k == "duplicates") {
      data[k] = std::strtoll(v.c_str(), nullptr, 10);
    } else if (k.starts_with("sub:")) {
      boost::system::error_code ec;
      auto state = json::parse(v, ec);
      if (ec || !state.is_object()) continue;
      auto& o = state.as_object();
      o["subscription_id"] = k.substr(4);
      // Lua's JSON encoder writes an empty array as an object.
      if (auto* a = o.if_contains("attempts"); a != nullptr && !a->is_array()) *a = json::array();
      if (auto* due = o.if_contains("next_attempt_ms"); due != nullptr && due->is_number()) {
        const auto ms = static_cast<std::int64_t>(due->to_number<double>());
        o["next_attempt_at"] = format_rfc3339(util::timestamp_of_ms(ms));
        o.erase("next_attempt_ms");
      }
      deliveries.push_back(std::move(state));
    }
  }
  data["deliveries"] = std::move(deliveries);
  data["event"] = nullptr;
  if (!sid.empty()) {
    auto entry =
        co_await c.services.redis.command("XRANGE", c.services.keys.events(c.tenant), sid, sid);
    if (auto ec = redis::failure_of(entry)) co_return storage_unavailable(c, ec);
    if (!entry->elements.empty() && entry->elements[0].elements.size() == 2) {
      data["event"] = envelope_json(events::stream_event_from(entry->elements[0]));
    }
  }
  co_return Success{200, json::object{{"data", std::move(data)}}};
}

}  // namespace cartgate::api
