#include "sync/cart_watch.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "embedded/cart_idle_lua.hpp"
#include "events/cart_tracker.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "util/settle.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::sync {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {

constexpr int kMaxConcurrentChecks = 4;  // per process; each is one platform read
constexpr std::size_t kDueBatch = 16;
constexpr auto kIdleNap = milliseconds(500);
constexpr auto kRetryAfter = milliseconds(60'000);
// A claim outlives the check's platform read; a process that dies holding one leaves the
// cart due again after this.
constexpr auto kClaimGrace = milliseconds(30'000);

std::optional<std::int64_t> updated_ms(const json::object& cart) {
  const auto* v = cart.if_contains("updated_at");
  if (v == nullptr || !v->is_string()) return std::nullopt;
  auto t = parse_rfc3339(v->get_string());
  if (!t) return std::nullopt;
  return util::unix_ms(*t);
}

bool is_converted(const json::object& cart) {
  const auto* v = cart.if_contains("status");
  return v != nullptr && v->is_string() && v->get_string() == "converted";
}

}  // namespace

const redis::Script& cart_idle_script() {
  static const redis::Script script("cart_idle", std::string(embedded::cart_idle_lua));
  return script;
}

asio::awaitable<void> CartWatch::run(const std::atomic<bool>& stopping) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer nap(executor);
  while (!stopping.load()) {
    try {
      co_await start_due(executor);
    } catch (const std::exception& e) {
      log::error("cart check scheduling pass failed", {{"error", e.what()}});
    }
    nap.expires_after(kIdleNap);
    co_await nap.async_wait(asio::use_awaitable);
  }
  // Checks under way finish rather than wait out their claim in another process.
  co_await util::until_settled([this] { return running_ == 0; });
}

asio::awaitable<void> CartWatch::start_due(asio::any_io_executor executor) {
  const std::string schedule = deps_.keys.cart_idle();
  if (running_ < kMaxConcurrentChecks) {
    const std::int64_t now = util::unix_ms_now();
    auto due = co_await deps_.redis.command("ZRANGEBYSCORE", schedule, "-inf", std::to_string(now),
                                            "LIMIT", "0", std::to_string(kDueBatch));
    if (due && !due->is_error()) {
      for (const auto& m : due->elements) {
        if (running_ >= kMaxConcurrentChecks) break;
        const std::string keys[] = {schedule};
        const auto until = now + (deps_.config.outbound.request_timeout + kClaimGrace).count();
        const std::string args[] = {m.str, "claim", std::to_string(now), std::to_string(until)};
        auto claimed = co_await deps_.redis.eval(cart_idle_script(), keys, args);
        if (!claimed || !claimed->is_string()) continue;  // another process has it
        ++running_;
        asio::co_spawn(executor, check_member(m.str, claimed->str), asio::detached);
      }
    }
  }
}

asio::awaitable<void> CartWatch::check_member(std::string member, std::string claim) {
  const auto first = member.find('|');
  const auto second = first == std::string::npos ? first : member.find('|', first + 1);
  Outcome outcome = Outcome::done;
  if (second != std::string::npos) {
    try {
      outcome =
          co_await check(member.substr(0, first), member.substr(first + 1, second - first - 1),
                         member.substr(second + 1));
    } catch (const std::exception& e) {
      log::error("cart abandonment check failed", {{"error", e.what()}});
      outcome = Outcome::retry;
    }
  }
  // Finish or retry only the claim this check holds: a change meanwhile rescheduled the cart.
  const std::string keys[] = {deps_.keys.cart_idle()};
  const std::string args[] = {member, outcome == Outcome::done ? "finish" : "retry", claim,
                              std::to_string(util::unix_ms_now() + kRetryAfter.count())};
  co_await deps_.redis.eval(cart_idle_script(), keys, args);
  --running_;
}

asio::awaitable<CartWatch::Outcome> CartWatch::check(const std::string& tenant,
                                                     const std::string& store_id,
                                                     const std::string& cart_id) {
  auto found = co_await deps_.stores.get(tenant, store_id);
  if (!found) co_return Outcome::retry;
  if (!*found || (*found)->status != "active") co_return Outcome::done;
  const StoreRecord& record = **found;
  const Connector* connector = deps_.connectors.find(record.platform);
  if (connector == nullptr) co_return Outcome::retry;
  events::CartIndex index(deps_.redis, deps_.keys, deps_.config.events);
  auto snapshot = co_await index.get(tenant, store_id, cart_id);
  if (!snapshot) co_return Outcome::retry;
  if (!*snapshot) co_return Outcome::done;  // evicted or expired: nothing left to judge

  // Re-checked with the platform: the cart may have changed or been bought since.
  Call call;
  call.kind = CallKind::read;
  call.read.entity = Entity::cart;
  call.read.verb = ReadVerb::info;
  call.read.id = cart_id;
  auto result = co_await outbound::call_store_record(
      deps_.store_calls, record, call, outbound::Lane::enrichment,
      outbound::Clock::now() + deps_.config.outbound.request_timeout);
  if (const auto* e = std::get_if<ConnectorError>(&result)) {
    if (e->kind == ConnectorErrorKind::not_found) co_return Outcome::done;  // deleted
    log::warn("cart abandonment check could not read the cart",
              {{"store_id", store_id}, {"cart_id", cart_id}, {"error", e->message}});
    co_return Outcome::retry;
  }
  auto& v = std::get<json::value>(result);
  auto* item = v.is_object() ? v.as_object().if_contains("item") : nullptr;
  if (item == nullptr || !item->is_object()) co_return Outcome::retry;

  events::Change change;
  change.tenant = tenant;
  change.store_id = store_id;
  change.platform = record.platform;
  change.entity = Entity::cart;
  change.source = EventSource::poll;
  change.received_at = util::now_seconds();
  const auto tracked = parse_rfc3339(record.created_at);
  change.tracked_since_ms = tracked ? util::unix_ms(*tracked) : 0;
  change.data = std::move(item->as_object());
  const auto fresh = updated_ms(change.data);
  const auto known = updated_ms(**snapshot);
  if (!fresh) co_return Outcome::done;
  // Unchanged and not bought: abandoned, announced once for this version of the cart.
  if (!is_converted(change.data) && known && *fresh <= *known) {
    change.derived = EventType::cart_abandoned;
    events::mark_derived_status(change);
  }
  auto appended = co_await deps_.events.append(change);
  if (!appended) co_return Outcome::retry;
  events::CartTracker tracker(deps_.redis, deps_.keys, deps_.config.events, deps_.events);
  auto observed = co_await tracker.observe(
      change, connector->manifest(), events::abandon_window(record.settings, deps_.config.events));
  if (!observed) co_return Outcome::retry;
  if (appended->appended && change.derived) {
    log::info("cart abandoned", {{"store_id", store_id}, {"cart_id", cart_id}});
  }
  co_return Outcome::done;
}

}  // namespace cartgate::sync
