#include "delivery/deliverer.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>

#include "delivery/signature.hpp"
#include "embedded/delivery_finish_lua.hpp"
#include "embedded/delivery_take_lua.hpp"
#include "embedded/retry_release_lua.hpp"
#include "events/event_writer.hpp"
#include "log/logger.hpp"
#include "redis/stream_entry.hpp"
#include "util/settle.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::delivery {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

namespace {

constexpr auto kRefreshEvery = std::chrono::seconds(1);
constexpr auto kReleaseEvery = std::chrono::milliseconds(500);
constexpr auto kClaimEvery = std::chrono::seconds(10);
// A delivery pending longer than its timeout plus this is not running anywhere any more (the
// attempt is cancelled at its timeout; recording the outcome takes milliseconds).
constexpr auto kClaimGrace = std::chrono::seconds(5);
constexpr std::size_t kReleaseBatch = 200;

std::string member_of(const std::string& tenant, const std::string& id) {
  return tenant + "|" + id;
}

// What the tenant sees of a failed attempt (event.info, webhook.list, dead letters): the class
// of failure, never the host, the address it resolved to or the resolver's words, which would
// map the gateway's network for whoever can choose the URL.
std::string error_text(const outbound::FetchResult& r) {
  const auto* e = std::get_if<outbound::FetchError>(&r);
  if (e == nullptr) return "HTTP " + std::to_string(std::get<HttpResponse>(r).status);
  switch (e->failure) {
    case outbound::FetchFailure::invalid_url:
      return "the URL or request is invalid";
    case outbound::FetchFailure::resolve:
      return "the host does not resolve";
    case outbound::FetchFailure::connect:
      return "the connection was refused or the host is unreachable";
    case outbound::FetchFailure::tls:
      return "the TLS handshake failed (certificate not trusted or protocol error)";
    case outbound::FetchFailure::timeout:
      return "no answer within the timeout";
    case outbound::FetchFailure::too_large:
      return "the answer was too large";
    case outbound::FetchFailure::forbidden_address:
      return "the host's address is not allowed (loopback, private or reserved network)";
    case outbound::FetchFailure::transport:
      break;
  }
  return "the connection failed";
}

}  // namespace

const redis::Script& delivery_finish_script() {
  static const redis::Script script("delivery_finish", std::string(embedded::delivery_finish_lua));
  return script;
}

const redis::Script& delivery_take_script() {
  static const redis::Script script("delivery_take", std::string(embedded::delivery_take_lua));
  return script;
}

const redis::Script& retry_release_script() {
  static const redis::Script script("retry_release", std::string(embedded::retry_release_lua));
  return script;
}

asio::awaitable<void> Deliverer::run(const std::atomic<bool>& stopping) {
  while (!stopping.load()) {
    bool busy = false;
    try {
      busy = co_await tick();
    } catch (const std::exception& e) {
      log::error("delivery pass failed", {{"error", e.what()}});
    }
    // Short naps while there is work, longer ones while idle; an event queued by this process
    // ends the nap at once (nudge), one queued by another process waits for it.
    nap_.expires_after(busy ? milliseconds(10) : milliseconds(50));
    auto [ec] = co_await nap_.async_wait(asio::as_tuple(asio::use_awaitable));
    (void)ec;
  }
  // Deliveries under way are finished and recorded rather than sent again by another process
  // once their hold runs out.
  co_await util::until_settled([this] {
    return std::all_of(in_flight_.begin(), in_flight_.end(),
                       [](const auto& member) { return member.second <= 0; });
  });
}

void Deliverer::nudge() {
  if (nudged_.exchange(true)) return;
  asio::post(executor_, [this] {
    nudged_.store(false);
    nap_.cancel();
  });
}

asio::awaitable<void> Deliverer::refresh() {
  auto members = co_await subscriptions_.all_members();
  if (!members) co_return;
  std::map<std::string, std::vector<std::string>> by_tenant;
  for (const auto& m : *members) {
    const auto bar = m.find('|');
    if (bar != std::string::npos) by_tenant[m.substr(0, bar)].push_back(m.substr(bar + 1));
  }
  std::map<std::string, std::shared_ptr<const Active>> next;
  for (const auto& [tenant, ids] : by_tenant) {
    auto subs = co_await subscriptions_.list(tenant);
    if (!subs) co_return;  // keep the previous view rather than dropping everyone
    for (auto& sub : *subs) {
      auto secret = deps_.cipher.open(sub.sealed_secret, events::secret_associated_data(sub));
      auto key = secret ? signing_key(*secret) : std::nullopt;
      if (!key) {
        log::error("subscription secret unreadable; not delivering",
                   {{"tenant", tenant}, {"subscription", sub.id}});
        continue;
      }
      const std::string member = member_of(tenant, sub.id);
      next[member] = std::make_shared<const Active>(Active{std::move(sub), std::move(*key)});
    }
  }
  active_ = std::move(next);
}

asio::awaitable<void> Deliverer::release_due_retries() {
  std::vector<std::vector<std::string>> reads;
  // Held, not borrowed: active_ may be replaced while this coroutine waits.
  std::vector<std::shared_ptr<const Active>> subs;
  const std::string now = std::to_string(util::unix_ms_now());
  for (const auto& [member, active] : active_) {
    const auto& sub = active->subscription;
    reads.push_back({"ZRANGEBYSCORE", deps_.keys.retry_schedule(sub.tenant, sub.id), "-inf", now,
                     "LIMIT", "0", std::to_string(kReleaseBatch)});
    subs.push_back(active);
  }
  if (reads.empty()) co_return;
  auto replies = co_await deps_.redis.pipeline(std::move(reads));
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i] || replies[i]->is_error()) continue;
    const auto& sub = subs[i]->subscription;
    for (const auto& m : replies[i]->elements) {
      const std::string keys[] = {deps_.keys.retry_schedule(sub.tenant, sub.id),
                                  deps_.keys.subscription_queue(sub.tenant, sub.id)};
      const std::string args[] = {m.str};
      co_await deps_.redis.eval(retry_release_script(), keys, args);
    }
  }
}

asio::awaitable<bool> Deliverer::tick() {
  const auto now = SteadyClock::now();
  if (now - refreshed_ >= kRefreshEvery) {
    refreshed_ = now;
    co_await refresh();
  }
  if (now - released_ >= kReleaseEvery) {
    released_ = now;
    co_await release_due_retries();
  }
  const bool claim = now - claimed_ >= kClaimEvery;
  if (claim) claimed_ = now;

  std::vector<std::shared_ptr<const Active>> asked;
  std::vector<std::vector<std::string>> takes;
  const std::int64_t now_ms = util::unix_ms_now();
  for (const auto& [member, active] : active_) {
    const auto& sub = active->subscription;
    if (sub.status != "active") continue;  // paused: its queue waits
    const std::int64_t limit =
        sub.max_concurrency > 0 ? sub.max_concurrency : deps_.config.events.delivery_concurrency;
    const std::int64_t room = limit - in_flight_[member];
    if (room <= 0) continue;
    const auto timeout =
        sub.timeout_ms > 0 ? milliseconds(sub.timeout_ms) : deps_.config.events.delivery_timeout;
    const std::int64_t held_ms =
        std::chrono::duration_cast<milliseconds>(timeout + kClaimGrace).count();
    // The script, by SHA in the pipeline: clients load it on connect (NOSCRIPT reloads below).
    takes.push_back({"EVALSHA", delivery_take_script().sha1(), "2",
                     deps_.keys.subscription_queue(sub.tenant, sub.id),
                     deps_.keys.delivery_slots(sub.tenant, sub.id), consumer_, std::to_string(room),
                     std::to_string(limit), std::to_string(now_ms),
                     std::to_string(now_ms + held_ms), claim ? "claim" : "read",
                     std::to_string(held_ms)});
    asked.push_back(active);
  }
  if (takes.empty()) co_return false;
  auto replies = co_await deps_.redis.pipeline(std::move(takes));
  bool started = false;
  auto executor = co_await asio::this_coro::executor;
  for (std::size_t i = 0; i < replies.size() && i < asked.size(); ++i) {
    const auto& r = replies[i];
    if (!r) continue;
    if (r->is_error()) {
      if (r->str.find("NOGROUP") != std::string::npos) {
        // The queue lost its group (deleted and recreated): start it again from the beginning.
        co_await deps_.redis.command(
            "XGROUP", "CREATE",
            deps_.keys.subscription_queue(asked[i]->subscription.tenant, asked[i]->subscription.id),
            events::kDeliveryGroup, "0", "MKSTREAM");
      } else if (r->str.starts_with("NOSCRIPT")) {
        co_await deps_.redis.command("SCRIPT", "LOAD", delivery_take_script().source());
      }
      continue;
    }
    for (const auto& e : r->elements) {
      QueueEntry q;
      const bool read =
          redis::read_stream_entry(e, q.id, [&](std::string_view name, const std::string& value) {
            if (name == "event") {
              q.event = value;
            } else if (name == "type") {
              q.type = value;
            } else if (name == "tail") {
              q.tail = value;
            } else if (name == "attempt") {
              q.attempt = static_cast<int>(
                  std::clamp<long>(std::strtol(value.c_str(), nullptr, 10), 1, 1000));
            }
          });
      if (!read) continue;
      ++in_flight_[member_of(asked[i]->subscription.tenant, asked[i]->subscription.id)];
      started = true;
      asio::co_spawn(executor, deliver(asked[i], std::move(q)), asio::detached);
    }
  }
  co_return started;
}

asio::awaitable<void> Deliverer::deliver(std::shared_ptr<const Active> active, QueueEntry q) {
  const auto& sub = active->subscription;
  const std::string member = member_of(sub.tenant, sub.id);
  try {
    const std::string body = events::envelope(q.event, q.type, q.tail);
    const std::int64_t timestamp = util::now_seconds().time_since_epoch().count();
    HttpRequest request;
    request.method = "POST";
    request.url = sub.url;
    request.headers = {{"Content-Type", "application/json"},
                       {"webhook-id", q.event},
                       {"webhook-timestamp", std::to_string(timestamp)},
                       {"webhook-signature", sign(active->key, q.event, timestamp, body)}};
    request.body = body;
    const auto timeout =
        sub.timeout_ms > 0 ? milliseconds(sub.timeout_ms) : deps_.config.events.delivery_timeout;
    const auto started = SteadyClock::now();
    const auto result = co_await http_->fetch(request, started + timeout);
    const auto took =
        std::chrono::duration_cast<milliseconds>(SteadyClock::now() - started).count();
    const auto* response = std::get_if<HttpResponse>(&result);
    const bool ok = response != nullptr && response->status >= 200 && response->status < 300;
    if (const auto* e = std::get_if<outbound::FetchError>(&result)) {
      // The operator's log keeps the detail the tenant's view leaves out.
      log::info("delivery attempt failed", {{"subscription", sub.id}, {"error", e->message}});
    }

    json::object attempt{{"attempt", q.attempt},
                         {"at", util::now_rfc3339()},
                         {"status", response != nullptr ? json::value(response->status) : nullptr},
                         {"error", ok ? json::value(nullptr) : json::value(error_text(result))},
                         {"duration_ms", took}};
    const auto& delays = deps_.config.events.retry_delays;
    std::string outcome = "delivered";
    std::int64_t due = 0;
    std::string payload;
    if (!ok) {
      if (static_cast<std::size_t>(q.attempt) <= delays.size()) {
        outcome = "retry";
        due = util::unix_ms_now() + delays[static_cast<std::size_t>(q.attempt) - 1].count();
        payload = json::serialize(json::object{
            {"event", q.event}, {"type", q.type}, {"tail", q.tail}, {"attempt", q.attempt + 1}});
      } else {
        outcome = "dead";
        payload = json::serialize(json::object{{"event", q.event},
                                               {"type", q.type},
                                               {"tail", q.tail},
                                               {"attempts", q.attempt},
                                               {"failed_at", util::now_rfc3339()},
                                               {"error", error_text(result)}});
      }
    }
    const std::string keys[] = {deps_.keys.subscription_queue(sub.tenant, sub.id),
                                deps_.keys.event_record(sub.tenant, q.event),
                                deps_.keys.retry_schedule(sub.tenant, sub.id),
                                deps_.keys.dead_letters(sub.tenant, sub.id),
                                deps_.keys.subscription_health(sub.tenant, sub.id),
                                deps_.keys.delivery_slots(sub.tenant, sub.id)};
    const std::string args[] = {q.id,
                                sub.id,
                                outcome,
                                json::serialize(attempt),
                                std::to_string(due),
                                payload,
                                util::now_rfc3339(),
                                ok ? std::string() : error_text(result)};
    auto finished = co_await deps_.redis.eval(delivery_finish_script(), keys, args);
    if (auto ec = redis::failure_of(finished)) {
      // Not recorded: the entry stays pending and is claimed again later (at least once).
      log::warn("delivery outcome not recorded",
                {{"subscription", sub.id}, {"error", ec.message()}});
    } else if (finished->as_integer().value_or(0) >= deps_.config.events.pause_after_failures) {
      co_await pause(sub, error_text(result));
    }
  } catch (const std::exception& e) {
    log::error("delivery failed unexpectedly", {{"subscription", sub.id}, {"error", e.what()}});
  }
  --in_flight_[member];
}

asio::awaitable<void> Deliverer::pause(const events::Subscription& sub, const std::string& error) {
  auto current = co_await subscriptions_.get(sub.tenant, sub.id);
  if (!current || !*current || (*current)->status != "active") co_return;
  events::Subscription paused = **current;
  paused.status = "paused";
  paused.paused_reason = std::to_string(deps_.config.events.pause_after_failures) +
                         " consecutive deliveries failed; last: " + error;
  co_await subscriptions_.update(paused);
  log::warn("subscription paused after repeated failures",
            {{"tenant", sub.tenant}, {"subscription", sub.id}});
}

}  // namespace cartgate::delivery
