#include "webhooks/dispatcher.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "common/format.hpp"
#include "common/http_client.hpp"
#include "util/wall_clock.hpp"

namespace sandbox {

namespace asio = boost::asio;
namespace json = boost::json;
using std::chrono::milliseconds;

namespace {
constexpr std::size_t kLogLimit = 5000;

// The platform's own id of a delivery (WooCommerce, Shopify, BigCommerce spell it differently),
// logged so a test can see which deliveries shared one.
std::string delivery_id_of(const cartgate::HttpRequest& request) {
  for (const auto& h : request.headers) {
    for (std::string_view name :
         {"X-WC-Webhook-Delivery-ID", "X-Shopify-Webhook-Id", "webhook-id"}) {
      if (h.name == name) return h.value;
    }
  }
  return {};
}

std::string now_text() {
  return iso_local(std::chrono::floor<std::chrono::seconds>(cartgate::util::wall_now())) + "Z";
}
}  // namespace

Dispatcher::Dispatcher(asio::any_io_executor executor, asio::ssl::context& client_tls,
                       double time_scale)
    : executor_(std::move(executor)), tls_(client_tls), time_scale_(time_scale) {}

milliseconds Dispatcher::scaled(milliseconds d) const {
  return milliseconds(static_cast<std::int64_t>(static_cast<double>(d.count()) * time_scale_));
}

void Dispatcher::set_faults(const std::string& store_id, const WebhookFaults& faults,
                            std::uint64_t seed) {
  std::lock_guard lock(mutex_);
  faults_[store_id] = StoreFaults{faults, Rng(seed).fork(store_id)};
}

void Dispatcher::lose_subscription(const std::string& store_id, std::int64_t subscription_id) {
  std::lock_guard lock(mutex_);
  lost_.emplace(store_id, subscription_id);
}

void Dispatcher::record(const std::string& store_id, json::object entry) {
  std::lock_guard lock(mutex_);
  entry["seq"] = ++sequence_;
  entry["at"] = now_text();
  auto& entries = log_[store_id];
  entries.push_back(std::move(entry));
  if (entries.size() > kLogLimit) entries.pop_front();
}

json::array Dispatcher::log(const std::string& store_id) const {
  std::lock_guard lock(mutex_);
  json::array out;
  if (auto it = log_.find(store_id); it != log_.end()) {
    for (const auto& e : it->second)
      out.push_back(e);
  }
  return out;
}

void Dispatcher::submit(std::shared_ptr<Outbound> o) {
  // Faults are drawn per delivery from the store's seeded stream: reproducible for a test.
  bool lost = false, drop = false, duplicate = false, reorder = false;
  milliseconds delay{0};
  {
    std::lock_guard lock(mutex_);
    const std::pair<std::string, std::int64_t> subscription{o->store_id, o->subscription_id};
    if (auto it = faults_.find(o->store_id); it != faults_.end()) {
      auto& [f, rng] = it->second;
      // Drawn only when asked for, so adding it kept older seeded fault sequences as they were.
      if (f.lose > 0 && rng.chance(f.lose)) lost_.insert(subscription);
      drop = rng.chance(f.drop);
      duplicate = rng.chance(f.duplicate);
      reorder = rng.chance(f.reorder);
      delay = milliseconds(rng.between(f.delay_min_ms, f.delay_max_ms));
      if (reorder) delay += milliseconds(rng.between(200, 800));
    }
    lost = lost_.contains(subscription);
  }
  if (lost || drop) {
    record(o->store_id, json::object{{"topic", o->topic},
                                     {"subscription_id", o->subscription_id},
                                     {"fault", lost ? "lost" : "dropped"}});
    return;
  }
  delay += o->initial_delay;
  start(o, delay, 1);
  if (duplicate) start(o, delay + milliseconds(50), 1);
}

void Dispatcher::start(std::shared_ptr<Outbound> o, milliseconds delay, int attempt) {
  asio::co_spawn(executor_, run(std::move(o), delay, attempt), asio::detached);
}

asio::awaitable<void> Dispatcher::run(std::shared_ptr<Outbound> o, milliseconds delay,
                                      int attempt) {
  if (delay.count() > 0) {
    asio::steady_timer timer(executor_, delay);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  const cartgate::HttpRequest request = o->build();
  const ClientResult result = co_await http_send(executor_, tls_, request, o->timeout);
  Attempt a;
  a.number = attempt;
  a.status = result.status;
  a.error = result.error;
  a.success = result.connected && o->succeeded(result.status);
  record(o->store_id, json::object{{"topic", o->topic},
                                   {"subscription_id", o->subscription_id},
                                   {"url", request.url},
                                   {"delivery_id", delivery_id_of(request)},
                                   {"attempt", attempt},
                                   {"status", result.status},
                                   {"success", a.success},
                                   {"error", result.error}});
  const bool go_on = o->on_attempt ? o->on_attempt(a) : true;
  if (a.success || !go_on) co_return;
  const auto retry = static_cast<std::size_t>(attempt - 1);
  if (retry < o->retries.size()) {
    start(o, scaled(o->retries[retry]), attempt + 1);
  } else if (o->on_exhausted) {
    o->on_exhausted();
  }
}

asio::awaitable<Attempt> Dispatcher::send_now(cartgate::HttpRequest request, milliseconds timeout,
                                              std::string store_id, std::string topic) {
  const auto executor = co_await asio::this_coro::executor;
  const ClientResult result = co_await http_send(executor, tls_, request, timeout);
  Attempt a;
  a.status = result.status;
  a.error = result.error;
  a.success = result.connected && result.status == 200;
  record(store_id, json::object{{"topic", topic},
                                {"url", request.url},
                                {"attempt", 1},
                                {"status", result.status},
                                {"success", a.success},
                                {"error", result.error}});
  co_return a;
}

}  // namespace sandbox
