#include "outbound/outbound_limiter.hpp"

#include <charconv>
#include <cstdio>

#include "embedded/outbound_acquire_lua.hpp"
#include "embedded/outbound_observe_lua.hpp"
#include "log/logger.hpp"

namespace cartgate::outbound {

namespace asio = boost::asio;

namespace {

constexpr std::int64_t kStateTtlMs =
    std::int64_t{10} * 60 * 1000;  // idle buckets expire (and refill)

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

double setting(const std::map<std::string, std::string>& settings, const std::string& name,
               double fallback) {
  auto it = settings.find(name);
  if (it == settings.end()) return fallback;
  double v = 0;
  auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || p != it->second.data() + it->second.size() || v <= 0) return fallback;
  return v;
}

}  // namespace

double lane_reserve(Lane lane) {
  switch (lane) {
    case Lane::live:
      return 0.0;
    case Lane::enrichment:
      return 0.2;
    case Lane::poll:
      return 0.4;
    case Lane::bulk:
      // Half the bucket stays for everything else: a job of 250 writes never leaves a live
      // read waiting for budget.
      return 0.5;
  }
  return 0.4;
}

BucketPolicy bucket_policy(const Manifest& m, const std::map<std::string, std::string>& settings,
                           const OutboundConfig& config) {
  BucketPolicy policy{static_cast<double>(config.default_burst),
                      static_cast<double>(config.default_rate_per_second)};
  const RateLimitPolicy& p = m.rate_limit;
  switch (p.model) {
    case RateLimitModel::cost_bucket:
    case RateLimitModel::leaky_bucket:
      if (p.capacity > 0 && p.refill_per_second > 0) policy = {p.capacity, p.refill_per_second};
      break;
    case RateLimitModel::fixed_window:
      if (p.capacity > 0 && p.window_ms > 0) {
        policy = {p.capacity, p.capacity * 1000.0 / static_cast<double>(p.window_ms)};
      }
      break;
    case RateLimitModel::none:
      break;
  }
  // A store's own settings win: a Shopify Plus shop restores 1000 points/s, a WooCommerce
  // host allows what its WAF allows.
  policy.refill_per_second = setting(settings, "rate_limit_per_second", policy.refill_per_second);
  policy.capacity = setting(settings, "rate_limit_burst", policy.capacity);
  return policy;
}

const redis::Script& outbound_acquire_script() {
  static const redis::Script script("outbound_acquire",
                                    std::string(embedded::outbound_acquire_lua));
  return script;
}

const redis::Script& outbound_observe_script() {
  static const redis::Script script("outbound_observe",
                                    std::string(embedded::outbound_observe_lua));
  return script;
}

asio::awaitable<Grant> OutboundLimiter::acquire(const std::string& store_id,
                                                const BucketPolicy& policy, Lane lane,
                                                double cost) {
  const std::vector<std::string> keys{keys_.store_outbound(store_id)};
  const std::vector<std::string> args{number(policy.capacity), number(policy.refill_per_second),
                                      number(cost), number(lane_reserve(lane)),
                                      std::to_string(kStateTtlMs)};
  auto reply = co_await redis_.eval(outbound_acquire_script(), keys, args);
  if (auto ec = redis::failure_of(reply)) {
    log::warn("outbound limiter unavailable; request let through",
              {{"store_id", store_id}, {"error", ec.message()}});
    co_return Grant{true, 0};
  }
  const auto& e = reply->elements;
  if (e.size() < 2 || !e[0].as_integer() || !e[1].as_integer()) {
    log::warn("outbound limiter: unexpected reply; request let through", {{"store_id", store_id}});
    co_return Grant{true, 0};
  }
  co_return Grant{*e[0].as_integer() == 1, *e[1].as_integer()};
}

asio::awaitable<void> OutboundLimiter::observe(const std::string& store_id,
                                               const RateLimitObservation& o) {
  std::int64_t block_ms = 0;
  if (o.throttled) block_ms = std::max<std::int64_t>(o.retry_after_ms.value_or(1000), 1);
  if (!o.remaining && !o.capacity && block_ms == 0) co_return;
  const std::vector<std::string> keys{keys_.store_outbound(store_id)};
  const std::vector<std::string> args{o.remaining ? number(*o.remaining) : "-1",
                                      o.capacity ? number(*o.capacity) : "-1",
                                      std::to_string(block_ms), std::to_string(kStateTtlMs),
                                      o.reset_ms ? std::to_string(*o.reset_ms) : "-1"};
  auto reply = co_await redis_.eval(outbound_observe_script(), keys, args);
  if (auto ec = redis::failure_of(reply)) {
    log::warn("outbound limiter: observation lost",
              {{"store_id", store_id}, {"error", ec.message()}});
  }
}

}  // namespace cartgate::outbound
