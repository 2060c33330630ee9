#include "sync/poller.hpp"

#include <algorithm>
#include <limits>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/schema/event.hpp>

#include "embedded/lease_lua.hpp"
#include "events/cart_tracker.hpp"
#include "ingest/catchup_requests.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "util/concurrently.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::sync {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

constexpr std::size_t kDueBatch = 256;  // due stores one scheduling pass starts, at most
constexpr int kMaxPagesPerRun = 200;
constexpr auto kIdleNap = milliseconds(250);
constexpr auto kFullNap = milliseconds(20);  // every slot busy: look again soon
constexpr auto kBookkeepingRetry = milliseconds(250);

// The entities worth polling on a platform: listable, with events the platform can tell of.
std::vector<Entity> pollable(const Manifest& m) {
  std::vector<Entity> out;
  for (const auto& cap : m.entities) {
    const bool lists =
        std::find(cap.verbs.begin(), cap.verbs.end(), ReadVerb::list) != cap.verbs.end();
    const bool has_events = std::any_of(m.events.begin(), m.events.end(), [&](const auto& e) {
      return entity_of(e.type) == cap.entity && e.delivery != EventDelivery::unsupported;
    });
    if (lists && has_events) out.push_back(cap.entity);
  }
  return out;
}

bool has_webhooks(const Manifest& m) {
  return std::any_of(m.events.begin(), m.events.end(),
                     [](const auto& e) { return e.delivery == EventDelivery::webhook; });
}

bool pushed_by_webhook(const Manifest& m, Entity entity) {
  return std::any_of(m.events.begin(), m.events.end(), [&](const auto& e) {
    return entity_of(e.type) == entity && e.delivery == EventDelivery::webhook;
  });
}

std::int64_t field_ms(const std::map<std::string, std::string>& fields, const std::string& name) {
  auto it = fields.find(name);
  return it == fields.end() ? -1 : std::strtoll(it->second.c_str(), nullptr, 10);
}

// A count from webhooks_sync's summary ({"created":n,...}); 0 when absent or on failure.
std::int64_t webhook_count(const outbound::CallResult& result, const char* key) {
  const auto* summary = std::get_if<json::value>(&result);
  const auto* v =
      summary != nullptr && summary->is_object() ? summary->get_object().if_contains(key) : nullptr;
  boost::system::error_code ec;
  const auto n = v != nullptr ? v->to_number<std::int64_t>(ec) : 0;
  return ec ? 0 : n;
}

}  // namespace

const redis::Script& lease_script() {
  static const redis::Script script("lease", std::string(embedded::lease_lua));
  return script;
}

asio::awaitable<void> Poller::run(const std::atomic<bool>& stopping) {
  stopping_ = &stopping;
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer nap(executor);
  while (!stopping.load()) {
    milliseconds wait = kIdleNap;
    try {
      wait = co_await start_due(executor);
    } catch (const std::exception& e) {
      // One bad pass (a reply nobody foresaw) must not end polling for every store.
      log::error("poll scheduling pass failed", {{"error", e.what()}});
    }
    if (wait.count() == 0) continue;  // more due stores, and room for them
    nap.expires_after(wait);
    co_await nap.async_wait(asio::use_awaitable);
  }
  co_await hand_over();
}

asio::awaitable<void> Poller::hand_over() {
  if (polling_.empty()) co_return;
  // A graceful stop gives the stores being polled back at once, due now, instead of leaving
  // them to wait out the lease they were scheduled ahead by; it does not wait for the runs,
  // whose page reads can take up to outbound.request_timeout. The runs stop at their next
  // page (stopping()); what one still writes after this, the next holder reads again and the
  // event writer's versions collapse.
  const std::vector<std::pair<std::string, std::string>> stores(polling_.begin(), polling_.end());
  log::info("handing polls over", {{"stores", static_cast<std::uint64_t>(stores.size())}});
  const std::int64_t now = util::unix_ms_now();
  co_await util::for_each_concurrently(stores.size(), [&](std::size_t i) -> asio::awaitable<void> {
    co_await give_back(stores[i].first, stores[i].second, now);
  });
}

asio::awaitable<bool> Poller::give_back(const std::string& store_id, const std::string& member,
                                        std::int64_t due_at_ms) {
  auto moved = co_await deps_.redis.command("ZADD", deps_.keys.poll_schedule(), "XX",
                                            std::to_string(due_at_ms), member);
  const std::string keys[] = {deps_.keys.poll_lease(store_id)};
  const std::string args[] = {holder_, "release", "0"};
  auto released = co_await deps_.redis.eval(lease_script(), keys, args);
  co_return !redis::failure_of(moved) && !redis::failure_of(released);
}

asio::awaitable<milliseconds> Poller::start_due(asio::any_io_executor executor) {
  const auto cap = static_cast<std::size_t>(deps_.config.events.poll_concurrency);
  if (polling_.size() >= cap) co_return kFullNap;
  const std::size_t room = std::min(kDueBatch, cap - polling_.size());
  const std::int64_t now = util::unix_ms_now();
  auto due = co_await deps_.redis.command("ZRANGEBYSCORE", deps_.keys.poll_schedule(), "-inf",
                                          std::to_string(now), "LIMIT", "0", std::to_string(room));
  if (!due || due->is_error()) co_return kIdleNap;
  if (due->elements.empty()) co_return co_await until_next_due();
  std::vector<std::string> members;
  for (const auto& m : due->elements) {
    const auto bar = m.str.find('|');
    if (bar == std::string::npos || polling_.contains(m.str.substr(bar + 1))) continue;
    members.push_back(m.str);
  }
  // The leases of the whole batch at once (the client pipelines concurrent commands).
  std::vector<std::int64_t> taken(members.size(), 0);
  co_await util::for_each_concurrently(members.size(), [&](std::size_t i) -> asio::awaitable<void> {
    const std::string store_id = members[i].substr(members[i].find('|') + 1);
    // The lease decides who polls; losing the race is normal with several processes. One
    // this process holds but is not polling with (its release was lost with Redis) is
    // taken up again at once rather than left to expire.
    const std::string keys[] = {deps_.keys.poll_lease(store_id)};
    const std::string args[] = {holder_, "acquire",
                                std::to_string(deps_.config.events.poll_lease.count())};
    auto r = co_await deps_.redis.eval(lease_script(), keys, args);
    if (!redis::failure_of(r)) taken[i] = r->as_integer().value_or(0);
  });
  std::vector<std::vector<std::string>> moved;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (taken[i] == 0) continue;
    const std::string store_id = members[i].substr(members[i].find('|') + 1);
    if (taken[i] == 2) {
      log::info("poll lease taken up again after its release was lost", {{"store_id", store_id}});
    }
    // Out of the due range while it is polled, so the next pass reaches the stores behind it;
    // if this process dies, the store is due again when its lease runs out.
    moved.push_back({"ZADD", deps_.keys.poll_schedule(), "XX",
                     std::to_string(now + deps_.config.events.poll_lease.count()), members[i]});
    polling_.emplace(store_id, members[i]);
    asio::co_spawn(executor, poll_member(members[i]), asio::detached);
  }
  // Due stores that others hold are theirs to move on: no need to look again at once.
  if (moved.empty()) co_return kIdleNap;
  co_await deps_.redis.pipeline(std::move(moved));
  // A full batch means more may be due.
  if (due->elements.size() == room) co_return milliseconds(0);
  co_return co_await until_next_due();
}

asio::awaitable<milliseconds> Poller::until_next_due() {
  // Until the next store is due (at most kIdleNap, for stores added or brought forward
  // meanwhile), so a poll starts within milliseconds of its time. Stores this process is
  // polling are scheduled a lease ahead, so the first entry is a store waiting for its turn
  // (or one another process holds, whose holder moves it on at once).
  auto first =
      co_await deps_.redis.command("ZRANGE", deps_.keys.poll_schedule(), "0", "0", "WITHSCORES");
  if (!first || first->is_error() || first->elements.size() < 2) co_return kIdleNap;
  const std::int64_t at = std::strtoll(first->elements[1].str.c_str(), nullptr, 10);
  co_return std::clamp(milliseconds(at - util::unix_ms_now()), milliseconds(1), kIdleNap);
}

asio::awaitable<bool> Poller::renew(const std::string& store_id) {
  const std::string keys[] = {deps_.keys.poll_lease(store_id)};
  const std::string args[] = {holder_, "renew",
                              std::to_string(deps_.config.events.poll_lease.count())};
  auto r = co_await deps_.redis.eval(lease_script(), keys, args);
  co_return r && r->as_integer().value_or(0) == 1;
}

asio::awaitable<void> Poller::poll_member(std::string member) {
  const auto bar = member.find('|');
  const std::string tenant = member.substr(0, bar);
  const std::string store_id = member.substr(bar + 1);
  milliseconds again = deps_.config.events.poll_interval;
  std::int64_t catchup_at = std::numeric_limits<std::int64_t>::max();
  const std::int64_t started = util::unix_ms_now();
  try {
    auto found = co_await deps_.stores.get(tenant, store_id);
    if (found && !*found) {
      // Deleted: nothing left to poll.
      co_await deps_.redis.command("ZREM", deps_.keys.poll_schedule(), member);
    } else if (found && (*found)->status == "active") {
      again = co_await poll_store(**found, started);
      // A catch-up asked for while this run went on, or one it started too early to cover,
      // brings the next run forward to when it can.
      auto requested = co_await deps_.redis.command("HGET", deps_.keys.poll_checkpoints(store_id),
                                                    std::string(ingest::kCatchupField));
      const std::int64_t at = requested && requested->is_string()
                                  ? std::strtoll(requested->str.c_str(), nullptr, 10)
                                  : -1;
      if (at >= 0 && started < at + ingest::kCatchupSettleMs) {
        catchup_at = at + ingest::kCatchupSettleMs;
      }
    }
  } catch (const std::exception& e) {
    log::error("poll failed", {{"store_id", store_id}, {"error", e.what()}});
  }
  // Due again an interval after this run started, not after it ended: a run's own length must
  // not stretch the store's period. Rescheduled only if the store still exists (ZADD XX),
  // then the lease goes. Both must reach Redis: undone, the store would wait out the lease it
  // was scheduled ahead by (Redis restarting under a run, say), so they are retried for as
  // long as the lease lasts.
  asio::steady_timer pause(co_await asio::this_coro::executor);
  for (;;) {
    const std::int64_t next_at =
        std::max(util::unix_ms_now(), std::min(started + again.count(), catchup_at));
    if (co_await give_back(store_id, member, next_at)) break;
    if (util::unix_ms_now() - started > deps_.config.events.poll_lease.count()) break;
    pause.expires_after(kBookkeepingRetry);
    co_await pause.async_wait(asio::use_awaitable);
  }
  polling_.erase(store_id);
}

asio::awaitable<milliseconds> Poller::poll_store(const StoreRecord& record,
                                                 std::int64_t run_started) {
  const Connector* connector = deps_.connectors.find(record.platform);
  const auto& cfg = deps_.config.events;
  if (connector == nullptr) co_return cfg.poll_safety_interval;
  const Manifest& m = connector->manifest();
  const std::string key = deps_.keys.poll_checkpoints(record.id);
  // Stores added before ingest existed have no owner key, and ingest answers 404 without it:
  // written once per store and process, not on every run.
  if (!owner_checked_.contains(record.id)) {
    auto owner =
        co_await deps_.redis.command("SET", deps_.keys.store_owner(record.id), record.tenant, "NX");
    if (!redis::failure_of(owner)) owner_checked_.insert(record.id);
  }
  auto stored = co_await deps_.redis.command("HGETALL", key);
  if (!stored || stored->is_error()) co_return cfg.poll_interval;
  std::map<std::string, std::string> fields;
  for (std::size_t i = 0; i + 1 < stored->elements.size(); i += 2)
    fields[stored->elements[i].str] = stored->elements[i + 1].str;

  // Platform webhooks first: whether they are in place decides how often the rest is polled.
  bool webhooks_live = false;
  if (!cfg.public_url.empty() && has_webhooks(m)) {
    if (co_await sync_webhooks(record, fields)) {
      // Something was lost and is back: poll everything now to cover the gap.
      for (auto it = fields.begin(); it != fields.end();) {
        it = it->first.ends_with(":last_run") ? fields.erase(it) : std::next(it);
      }
    }
    // Right after a repair the short interval holds for a while too: the run that covers the
    // gap stops a second before now, and what changed in that second is read by the next.
    const std::int64_t repaired_at = field_ms(fields, "webhooks:repaired");
    const bool catching_up = repaired_at >= 0 && util::unix_ms_now() - repaired_at <
                                                     2 * cfg.poll_interval.count() + 2000;
    webhooks_live = fields["webhooks:status"] == "ok" && !catching_up;
  }

  const auto tracked = parse_rfc3339(record.created_at);
  const std::int64_t tracked_ms = tracked ? util::unix_ms(*tracked) : util::unix_ms_now();
  // A webhook this store's platform will never deliver again was refused: every entity is due
  // until a run has started late enough to cover it (catchup_requests.hpp).
  const std::int64_t catchup = field_ms(fields, std::string(ingest::kCatchupField));
  milliseconds next = cfg.poll_safety_interval;
  // The autopilot's check comes around even when nothing needs polling before.
  if (!cfg.public_url.empty() && has_webhooks(m)) next = std::min(next, cfg.webhook_check_interval);
  for (Entity entity : pollable(m)) {
    if (stopping()) break;
    const std::string name(enum_name(entity));
    // A list without a modification filter (WooCommerce customers) is read whole instead, at
    // the safety interval: the event writer keeps only the records whose version is new. The
    // manifest says so; a connector that refused the filter all the same is remembered too.
    const EntityCapability* cap = capability_for(m, entity);
    const bool full_scan = cap == nullptr || !applies(*cap, DateBound::modified_from) ||
                           unfilterable_.contains(record.platform + "/" + name);
    // Only where the store's webhooks are registered is polling a mere safety net.
    const milliseconds interval = full_scan || (webhooks_live && pushed_by_webhook(m, entity))
                                      ? cfg.poll_safety_interval
                                      : cfg.poll_interval;
    next = std::min(next, interval);
    const std::int64_t last_run = field_ms(fields, name + ":last_run");
    const std::int64_t now = util::unix_ms_now();
    const bool owes_catchup = catchup >= 0 && last_run < catchup + ingest::kCatchupSettleMs;
    if (last_run >= 0 && now - last_run + 50 < interval.count() && !owes_catchup) continue;
    std::int64_t checkpoint = field_ms(fields, name + ":checkpoint");
    if (checkpoint < 0) checkpoint = tracked_ms;
    // The last whole second before now: a record changing in the current second is read by
    // the next run, not half by this one.
    const std::int64_t pin = (now / 1000 - 1) * 1000;
    PollStats stats;
    if (full_scan) {
      stats.full_scan = true;
      auto resume = fields.find(name + ":scan_token");  // where an unfinished scan stopped
      if (resume != fields.end()) stats.resume_token = resume->second;
    }
    const bool complete = co_await poll_entity(record, entity, checkpoint, pin, stats);
    std::vector<std::vector<std::string>> cmds;
    // The run's start, which the next run is scheduled from: an entity polled late within one
    // run is not skipped by the next as not yet due.
    cmds.push_back({"HSET", key, name + ":last_run", std::to_string(run_started)});
    if (complete) cmds.push_back({"HSET", key, name + ":checkpoint", std::to_string(pin)});
    if (full_scan && stats.resume_token.empty()) {
      cmds.push_back({"HDEL", key, name + ":scan_token"});
    } else if (full_scan) {
      cmds.push_back({"HSET", key, name + ":scan_token", stats.resume_token});
    }
    co_await deps_.redis.pipeline(std::move(cmds));
    log::debug("polled", {{"store_id", record.id},
                          {"entity", name},
                          {"pages", stats.pages},
                          {"records", stats.records},
                          {"events", stats.events},
                          {"complete", complete}});
    if (!co_await renew(record.id)) break;  // the lease was lost: someone else has the store
  }
  // Cut short by a graceful stop: due again at once, for whichever process polls it next.
  if (stopping()) co_return milliseconds(0);
  co_return next;
}

asio::awaitable<bool> Poller::sync_webhooks(const StoreRecord& record,
                                            std::map<std::string, std::string>& fields) {
  const std::int64_t now = util::unix_ms_now();
  const std::int64_t checked = field_ms(fields, "webhooks:checked");
  if (checked >= 0 && now - checked < deps_.config.events.webhook_check_interval.count()) {
    co_return false;
  }
  // A platform that cannot deliver to this public URL (BigCommerce wants HTTPS on 443) is not
  // asked again until the URL changes: its answer would be the same.
  const std::string& public_url = deps_.config.events.public_url;
  if (fields["webhooks:status"] == "unsupported" && fields["webhooks:url"] == public_url) {
    co_return false;
  }
  Call call;
  call.kind = CallKind::webhooks_sync;
  call.params = json::object{};
  auto result = co_await outbound::call_store_record(
      deps_.store_calls, record, call, outbound::Lane::poll,
      outbound::Clock::now() + deps_.config.outbound.request_timeout);
  const bool was_live = fields["webhooks:status"] == "ok";
  std::string status = "ok";
  std::string detail;
  bool repaired = false;
  if (const auto* e = std::get_if<ConnectorError>(&result)) {
    status = e->kind == ConnectorErrorKind::unsupported ? "unsupported" : "failed";
    detail = e->message;
    if (status == "failed" || fields["webhooks:status"] != status) {
      // Failures every time; a platform that cannot deliver here (BigCommerce without HTTPS
      // on 443) once, when it is found out.
      log::warn("platform webhooks not registered; polling instead",
                {{"store_id", record.id}, {"status", status}, {"error", e->message}});
    }
  } else {
    detail = json::serialize(std::get<json::value>(result));
    const auto count = [&](const char* k) { return webhook_count(result, k); };
    // Registered before and missing or disabled now: the platform dropped them silently.
    repaired = was_live && (count("created") > 0 || count("reactivated") > 0);
    if (repaired) {
      log::warn("platform webhooks repaired", {{"store_id", record.id}, {"summary", detail}});
    } else if (count("created") > 0) {
      log::info("platform webhooks registered", {{"store_id", record.id}, {"summary", detail}});
    }
  }
  // The tenant hears of it too: webhooks it relied on were lost (and are back), or are failing.
  if (repaired || (was_live && status == "failed")) {
    events::Notice notice{record.tenant,
                          record.id,
                          record.platform,
                          repaired ? events::kWebhooksRepaired : events::kWebhooksFailing,
                          util::timestamp_of_ms(now),
                          json::object{{"store_id", record.id}}};
    notice.data["checked_at"] = format_rfc3339(notice.at);
    if (repaired) {
      for (const char* k : {"created", "reactivated", "removed"})
        notice.data[k] = webhook_count(result, k);
    } else {
      notice.data["error"] = detail;
    }
    auto appended = co_await deps_.events.append_notice(notice);
    if (!appended) {
      log::warn("webhook notice not recorded",
                {{"store_id", record.id}, {"error", appended.error().message()}});
    }
  }
  fields["webhooks:status"] = status;
  if (repaired) fields["webhooks:repaired"] = std::to_string(now);
  co_await deps_.redis.command("HSET", deps_.keys.poll_checkpoints(record.id), "webhooks:checked",
                               std::to_string(now), "webhooks:status", status, "webhooks:detail",
                               detail, "webhooks:repaired", fields["webhooks:repaired"],
                               "webhooks:url", public_url);
  co_return repaired;
}

asio::awaitable<bool> Poller::poll_entity(const StoreRecord& record, Entity entity,
                                          std::int64_t checkpoint_ms, std::int64_t pin_ms,
                                          PollStats& stats) {
  const Connector* connector = deps_.connectors.find(record.platform);
  Call call;
  call.kind = CallKind::read;
  call.read.entity = entity;
  call.read.verb = ReadVerb::list;
  if (!stats.full_scan) {
    call.read.modified_from = util::timestamp_of_ms(
        std::max<std::int64_t>(0, checkpoint_ms - deps_.config.events.poll_overlap.count()));
    // Without an upper bound ("updated since" only), records changed after the pin are read
    // now and again by the next run, whose overlap starts before it: the event writer keeps
    // one event per version, so nothing is lost or doubled.
    const EntityCapability* cap = capability_for(connector->manifest(), entity);
    if (cap != nullptr && applies(*cap, DateBound::modified_to)) {
      call.read.modified_to = util::timestamp_of_ms(pin_ms);
    }
  }
  call.read.page_token = stats.resume_token;
  stats.resume_token.clear();
  // Pages shrink while the store's budget cannot serve a whole one in time (a BigCommerce page
  // of orders costs two follow-up reads per order), and grow back once runs complete.
  const std::string size_key = record.id + "/" + std::string(enum_name(entity));
  const int max_page = connector->manifest().max_page_size;
  auto size_it = page_sizes_.try_emplace(size_key, max_page).first;
  call.read.page_size = std::clamp(size_it->second, 1, max_page);
  const auto received_at = util::now_seconds();
  const auto tracked = parse_rfc3339(record.created_at);
  for (int page = 0; page < kMaxPagesPerRun; ++page) {
    auto result = co_await outbound::call_store_record(
        deps_.store_calls, record, call, outbound::Lane::poll,
        outbound::Clock::now() + deps_.config.outbound.request_timeout);
    if (const auto* e = std::get_if<ConnectorError>(&result)) {
      if (e->kind == ConnectorErrorKind::invalid_query) {
        unfilterable_.insert(record.platform + "/" + std::string(enum_name(entity)));
      }
      if (e->kind == ConnectorErrorKind::rate_limited) {
        size_it->second = std::max(1, call.read.page_size / 2);
      }
      // A whole-list scan goes on from the page that failed, unless the token was the problem.
      if (stats.full_scan && e->kind != ConnectorErrorKind::invalid_query) {
        stats.resume_token = call.read.page_token;
      }
      log::warn("poll read failed", {{"store_id", record.id},
                                     {"entity", std::string(enum_name(entity))},
                                     {"error", e->message}});
      co_return false;
    }
    ++stats.pages;
    auto& page_result = std::get<json::value>(result);
    auto& o = page_result.as_object();
    auto* items = o.if_contains("items");
    if (items == nullptr || !items->is_array()) co_return false;
    for (auto& item : items->as_array()) {
      if (!item.is_object()) continue;
      ++stats.records;
      const auto* item_id = item.as_object().if_contains("id");
      events::Change change;
      change.tenant = record.tenant;
      change.store_id = record.id;
      change.platform = record.platform;
      change.entity = entity;
      change.source = EventSource::poll;
      change.received_at = received_at;
      change.tracked_since_ms = tracked ? util::unix_ms(*tracked) : 0;
      if (item_id != nullptr && item_id->is_string()) {
        change.warnings = events::warnings_for(page_result, item_id->get_string());
      }
      change.data = std::move(item.as_object());
      auto appended = co_await deps_.events.append(change);
      if (!appended) {
        if (appended.error() == std::errc::invalid_argument) continue;
        co_return false;  // Redis trouble: the checkpoint stays, the next run repeats
      }
      if (appended->appended) ++stats.events;
      if (entity == Entity::cart) {
        events::CartTracker tracker(deps_.redis, deps_.keys, deps_.config.events, deps_.events);
        auto observed =
            co_await tracker.observe(change, connector->manifest(),
                                     events::abandon_window(record.settings, deps_.config.events));
        if (!observed && observed.error() != std::errc::invalid_argument) co_return false;
      }
    }
    const auto* next = o.if_contains("next_page_token");
    if (next == nullptr || !next->is_string()) {
      size_it->second = std::min(max_page, call.read.page_size * 2);
      co_return true;
    }
    call.read.page_token = std::string(next->get_string());
    if (stopping()) {
      // The checkpoint stays; a whole-list scan goes on from this page.
      if (stats.full_scan) stats.resume_token = call.read.page_token;
      co_return false;
    }
    if (!co_await renew(record.id)) co_return false;
  }
  // Too many pages for one run: the checkpoint stays and the next run repeats; a whole-list
  // scan goes on from here next time.
  if (stats.full_scan) stats.resume_token = call.read.page_token;
  co_return false;
}

}  // namespace cartgate::sync
