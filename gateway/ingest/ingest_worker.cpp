#include "ingest/ingest_worker.hpp"

#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <cartgate/detail/abi_codec.hpp>
#include <cartgate/schema/event.hpp>
#include <cartgate/sdk/fields.hpp>

#include "events/cart_tracker.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "redis/stream_entry.hpp"
#include "util/settle.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::ingest {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

constexpr auto kBlock = std::chrono::milliseconds(1000);
constexpr std::size_t kRead = 64;  // entries one read asks for, at most
// An entry held longer than one enrichment call (outbound.request_timeout; every platform's
// delivery carries one change) plus this by a consumer that did not finish it is taken over:
// that consumer died.
constexpr auto kClaimGrace = std::chrono::seconds(5);
constexpr auto kClaimEvery = std::chrono::seconds(10);
constexpr auto kKeepEvery = std::chrono::seconds(2);  // well inside the claim grace
constexpr std::int64_t kMaxAttempts = 10;  // then the entry moves to the ingest dead letters

// The inbox entries of an XREADGROUP or XAUTOCLAIM answer: each one's payload is field "p".
void collect_entries(const redis::Reply& list, std::vector<std::string>& ids,
                     std::vector<std::string>& payloads) {
  for (const auto& e : list.elements) {
    std::string id;
    std::string payload;
    const bool read = redis::read_stream_entry(e, id, [&](std::string_view name, const auto& v) {
      if (name == "p") payload = v;
    });
    if (!read) continue;
    ids.push_back(std::move(id));
    payloads.push_back(std::move(payload));
  }
}

bool permanent(ConnectorErrorKind kind) {
  return kind == ConnectorErrorKind::unsupported || kind == ConnectorErrorKind::invalid_query ||
         kind == ConnectorErrorKind::bad_credentials || kind == ConnectorErrorKind::forbidden;
}

}  // namespace

IngestWorker::IngestWorker(EventSourceDeps deps, std::shared_ptr<redis::Client> blocking,
                           std::string consumer)
    : deps_(deps), blocking_(std::move(blocking)), consumer_(std::move(consumer)) {}

asio::awaitable<void> IngestWorker::run(const std::atomic<bool>& stopping) {
  auto executor = co_await asio::this_coro::executor;
  stopping_ = &stopping;
  room_ = std::make_unique<asio::steady_timer>(executor);
  asio::steady_timer pause(executor);
  auto last_claim = std::chrono::steady_clock::time_point{};
  auto last_keep = std::chrono::steady_clock::now();
  bool group_ready = false;
  while (!stopping.load()) {
    if (held_ids_.size() >= kMaxHeld) {
      // Full: wait for an entry to finish (or a second, to look at `stopping` again).
      room_->expires_after(std::chrono::seconds(1));
      auto [ec] = co_await room_->async_wait(asio::as_tuple(asio::use_awaitable));
      (void)ec;
    } else {
      bool failed = false;
      try {
        co_await read(group_ready, last_claim);
      } catch (const std::exception& e) {
        // Whatever one read throws, the worker lives on: a dead ingest worker loses no data
        // (the inbox keeps it) but would stop every store's events.
        log::error("ingest read failed", {{"error", e.what()}});
        failed = true;
      }
      if (failed) {
        pause.expires_after(std::chrono::milliseconds(500));
        co_await pause.async_wait(asio::use_awaitable);
      }
    }
    if (std::chrono::steady_clock::now() - last_keep > kKeepEvery) {
      last_keep = std::chrono::steady_clock::now();
      co_await keep_waiting_entries();
    }
  }
  // Waiting entries stay in the inbox's pending list, for this or another process to claim;
  // running ones finish first, since they refer to this worker.
  for (auto& [key, lane] : lanes_) {
    for (const auto& e : lane.waiting)
      held_ids_.erase(e.id);
    lane.waiting.clear();
  }
  co_await util::until_settled([this] { return running_ == 0; });
}

asio::awaitable<bool> IngestWorker::read(bool& group_ready,
                                         std::chrono::steady_clock::time_point& last_claim) {
  const std::string inbox = deps_.keys.ingest_inbox();
  asio::steady_timer pause(co_await asio::this_coro::executor);
  if (!group_ready) {
    // From the stream's start: entries are deleted once handled, so what is left is unhandled.
    auto r = co_await deps_.redis.command("XGROUP", "CREATE", inbox, kIngestGroup, "0", "MKSTREAM");
    group_ready = r && (!r->is_error() || r->str.starts_with("BUSYGROUP"));
    if (!group_ready) {
      pause.expires_after(std::chrono::seconds(1));
      co_await pause.async_wait(asio::use_awaitable);
      co_return false;
    }
  }
  const std::size_t room = std::min(kRead, kMaxHeld - held_ids_.size());
  std::vector<std::string> ids;
  std::vector<std::string> payloads;
  if (std::chrono::steady_clock::now() - last_claim > kClaimEvery) {
    last_claim = std::chrono::steady_clock::now();
    auto claimed = co_await deps_.redis.command(
        "XAUTOCLAIM", inbox, kIngestGroup, consumer_,
        std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                           deps_.config.outbound.request_timeout + kClaimGrace)
                           .count()),
        "0-0", "COUNT", std::to_string(room));
    if (claimed && claimed->elements.size() >= 2) {
      collect_entries(claimed->elements[1], ids, payloads);
    }
  }
  if (ids.empty()) {
    // On its own connection: entries being processed go on while it blocks.
    auto got = co_await blocking_->command("XREADGROUP", "GROUP", kIngestGroup, consumer_, "COUNT",
                                           std::to_string(room), "BLOCK",
                                           std::to_string(kBlock.count()), "STREAMS", inbox, ">");
    if (!got || got->is_error()) {
      if (got && got->str.starts_with("NOGROUP")) group_ready = false;
      // A graceful stop closes the blocking connection to end the wait at once.
      if (stopping_->load()) co_return false;
      pause.expires_after(std::chrono::milliseconds(500));
      co_await pause.async_wait(asio::use_awaitable);
      co_return false;
    }
    for (const auto& stream : got->elements) {
      if (stream.elements.size() == 2) collect_entries(stream.elements[1], ids, payloads);
    }
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Entry entry{std::move(ids[i]), std::move(payloads[i]), nullptr};
    boost::system::error_code ec;
    entry.parsed = json::parse(entry.payload, ec);
    if (ec || !entry.parsed.is_object()) entry.parsed = nullptr;
    dispatch(std::move(entry));
  }
  co_return !ids.empty();
}

void IngestWorker::dispatch(Entry entry) {
  // A claim can return an entry this process already holds (it waited long in its lane).
  if (!held_ids_.insert(entry.id).second) return;
  std::string key;
  if (const auto* o = entry.parsed.if_object()) {
    for (const char* field : {"tenant", "store_id"}) {
      const auto* v = o->if_contains(field);
      if (v != nullptr && v->is_string()) key += v->get_string();
      key += '\n';
    }
  }
  Lane& lane = lanes_[key];
  if (lane.running >= kPerStore) {
    lane.waiting.push_back(std::move(entry));
    return;
  }
  ++lane.running;
  ++running_;
  asio::co_spawn(room_->get_executor(), drain(std::move(key), std::move(entry)), asio::detached);
}

asio::awaitable<void> IngestWorker::drain(std::string lane_key, Entry first) {
  Entry entry = std::move(first);
  for (;;) {
    Fate fate = Fate::retry;
    std::string reason;
    // One entry that throws (a connector bug, a payload nobody foresaw) is dead-lettered with
    // its reason; the others and the worker go on.
    try {
      fate = co_await process_one(entry);
      if (fate == Fate::dead) reason = "the platform refused the read-back for good";
    } catch (const std::exception& e) {
      fate = Fate::dead;
      reason = std::string("processing failed: ") + e.what();
    }
    try {
      co_await finish(entry, fate, std::move(reason));
    } catch (const std::exception& e) {
      // Not acknowledged: it stays pending and is claimed again later.
      log::error("ingest entry not acknowledged", {{"entry", entry.id}, {"error", e.what()}});
    }
    held_ids_.erase(entry.id);
    wake_reader();
    auto it = lanes_.find(lane_key);
    if (it == lanes_.end() || it->second.waiting.empty()) {
      if (it != lanes_.end() && --it->second.running == 0) lanes_.erase(it);
      break;
    }
    entry = std::move(it->second.waiting.front());
    it->second.waiting.pop_front();
  }
  --running_;
}

void IngestWorker::wake_reader() {
  if (room_) room_->cancel();
}

asio::awaitable<void> IngestWorker::finish(const Entry& entry, Fate fate, std::string reason) {
  const std::string inbox = deps_.keys.ingest_inbox();
  const std::string attempts_key = deps_.keys.ingest_attempts();
  std::vector<std::vector<std::string>> cmds;
  if (fate == Fate::done) {
    cmds.push_back({"XACK", inbox, std::string(kIngestGroup), entry.id});
    cmds.push_back({"XDEL", inbox, entry.id});
    cmds.push_back({"HDEL", attempts_key, entry.id});
    co_await deps_.redis.pipeline(std::move(cmds));
    co_return;
  }
  bool dead = fate == Fate::dead;
  if (!dead) {
    auto n = co_await deps_.redis.command("HINCRBY", attempts_key, entry.id, "1");
    dead = n && n->as_integer().value_or(0) >= kMaxAttempts;
    if (dead) reason = "failed " + std::to_string(kMaxAttempts) + " times";
  }
  if (!dead) co_return;  // left pending: claimed again once idle past the grace
  // Kept for an operator, never silently dropped; the poll safety net covers the change.
  log::error("webhook entry cannot be processed; moved to the ingest dead letters",
             {{"entry", entry.id}, {"reason", reason}});
  cmds.push_back({"XADD", deps_.keys.ingest_dead(), "MAXLEN", "~", "100000", "*", "p",
                  entry.payload, "reason", reason});
  cmds.push_back({"XACK", inbox, std::string(kIngestGroup), entry.id});
  cmds.push_back({"XDEL", inbox, entry.id});
  cmds.push_back({"HDEL", attempts_key, entry.id});
  co_await deps_.redis.pipeline(std::move(cmds));
}

asio::awaitable<void> IngestWorker::keep_waiting_entries() {
  // XCLAIM by the owner with min-idle 0 only resets the entries' idle time.
  std::vector<std::vector<std::string>> cmds(1);
  auto& cmd = cmds.front();
  cmd.emplace_back("XCLAIM");
  cmd.push_back(deps_.keys.ingest_inbox());
  cmd.emplace_back(kIngestGroup);
  cmd.push_back(consumer_);
  cmd.emplace_back("0");
  const std::size_t fixed = cmd.size();
  for (const auto& [key, lane] : lanes_) {
    for (const auto& e : lane.waiting)
      cmd.push_back(e.id);
  }
  if (cmd.size() == fixed) co_return;
  cmd.emplace_back("JUSTID");
  co_await deps_.redis.pipeline(std::move(cmds));
}

asio::awaitable<IngestWorker::Fate> IngestWorker::process_one(const Entry& entry) {
  if (!entry.parsed.is_object()) {
    log::error("unreadable inbox entry dropped", {{"entry", entry.id}});
    co_return Fate::done;
  }
  const sdk::Fields entry_fields(&entry.parsed, "inbox entry");
  const std::string tenant = entry_fields.text("tenant").value_or("");
  const std::string store_id = entry_fields.text("store_id").value_or("");
  auto found = co_await deps_.stores.get_recent(tenant, store_id);
  if (!found) co_return Fate::retry;
  if (!*found) co_return Fate::done;  // the store was deleted: its changes go with it
  const StoreRecord& record = **found;
  const auto received_at = parse_rfc3339(entry_fields.text("received_at").value_or(""));
  const auto tracked_since = parse_rfc3339(record.created_at);
  const auto* changes = entry_fields.array("changes");
  if (changes == nullptr) co_return Fate::done;

  for (const auto& cv : *changes) {
    // Written with the same codec (ingest_handler.cpp); a change this version cannot read (a
    // type it does not know) is skipped.
    auto decoded = abi::decode_webhook_change(cv);
    if (!decoded) continue;
    WebhookChange& c = *decoded;
    events::Change change;
    change.tenant = tenant;
    change.store_id = store_id;
    change.platform = record.platform;
    change.entity = entity_of(c.type);
    if (c.type == EventType::cart_abandoned || c.type == EventType::cart_converted ||
        c.type == EventType::order_shipment_add) {
      change.derived = c.type;
    }
    change.source = EventSource::webhook;
    change.received_at = received_at.value_or(Timestamp{});
    change.tracked_since_ms = tracked_since ? util::unix_ms(*tracked_since) : 0;
    if (auto* entity = c.entity.if_object()) {
      change.data = std::move(*entity);
    } else {
      // Thin payload: read the entity now, through the enrichment lane.
      Call call;
      call.kind = CallKind::read;
      call.read.entity = change.entity;
      call.read.verb = ReadVerb::info;
      call.read.id = c.entity_id;
      auto result = co_await outbound::call_store_record(
          deps_.store_calls, record, call, outbound::Lane::enrichment,
          outbound::Clock::now() + deps_.config.outbound.request_timeout);
      if (const auto* e = std::get_if<ConnectorError>(&result)) {
        if (e->kind == ConnectorErrorKind::not_found) {
          // A bought cart is gone from BigCommerce by the time store/cart/converted is read
          // back: the index still knows it. Anything else deleted since has nothing to say.
          const auto known = co_await converted_from_index(change, call.read.id);
          if (known == Lookup::failed) co_return Fate::retry;
          if (known == Lookup::absent) continue;
        } else {
          log::warn("webhook enrichment failed",
                    {{"store_id", store_id}, {"entity_id", call.read.id}, {"error", e->message}});
          if (permanent(e->kind)) co_return Fate::dead;
          co_return Fate::retry;
        }
      } else {
        const auto& v = std::get<json::value>(result);
        const auto* item = v.is_object() ? v.get_object().if_contains("item") : nullptr;
        if (item == nullptr || !item->is_object()) co_return Fate::retry;
        change.data = item->get_object();
        change.warnings = events::warnings_for(v, call.read.id);
      }
    }
    events::mark_derived_status(change);
    auto appended = co_await deps_.events.append(change);
    if (!appended) {
      if (appended.error() == std::errc::invalid_argument) {
        log::warn("change without id or updated_at skipped", {{"store_id", store_id}});
        continue;
      }
      co_return Fate::retry;
    }
    const Connector* connector = deps_.connectors.find(record.platform);
    if (change.entity == Entity::cart && connector != nullptr) {
      events::CartTracker tracker(deps_.redis, deps_.keys, deps_.config.events, deps_.events);
      auto observed =
          co_await tracker.observe(change, connector->manifest(),
                                   events::abandon_window(record.settings, deps_.config.events));
      if (!observed && observed.error() != std::errc::invalid_argument) co_return Fate::retry;
    }
  }
  co_return Fate::done;
}

asio::awaitable<IngestWorker::Lookup> IngestWorker::converted_from_index(
    events::Change& change, const std::string& cart_id) {
  if (change.derived != EventType::cart_converted) co_return Lookup::absent;
  events::CartIndex index(deps_.redis, deps_.keys, deps_.config.events);
  auto known = co_await index.get(change.tenant, change.store_id, cart_id);
  if (!known) co_return Lookup::failed;
  if (!*known) co_return Lookup::absent;
  change.data = std::move(**known);
  // The conversion is the cart's last change: it happened when the platform said so.
  change.data["updated_at"] = format_rfc3339(change.received_at);
  co_return Lookup::found;
}

}  // namespace cartgate::ingest
