#include "ingest/ingest_handler.hpp"

#include <algorithm>
#include <chrono>

#include <boost/json/serialize.hpp>

#include <cartgate/detail/abi_codec.hpp>

#include "embedded/ingest_admit_lua.hpp"
#include "embedded/ingest_enqueue_lua.hpp"
#include "http/problem.hpp"
#include "ingest/catchup_requests.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::ingest {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Platforms retry a failed delivery for up to two days (Shopify 48 h, BigCommerce ~48 h):
// a delivery id is remembered a little longer than that.
constexpr std::int64_t kSeenSeconds = std::int64_t{3} * 24 * 3600;
constexpr std::size_t kMaxDeliveryIdLength = 200;

http::Response answer(const http::Request& req, const http::Problem& p) {
  return http::to_response(p, req.path, req.request_id);
}

http::Response ok(std::string_view status, std::size_t changes = 0) {
  json::object body{{"status", status}};
  if (changes > 0) body["changes"] = changes;
  return http::Response::json(200, json::serialize(body));
}

// "/v1/ingest/<platform>/<store_id>" → {platform, store_id}.
std::optional<std::pair<std::string, std::string>> split_path(std::string_view path) {
  constexpr std::string_view kPrefix = "/v1/ingest/";
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == path.size())
    return std::nullopt;
  const auto store = path.substr(slash + 1);
  if (store.find('/') != std::string_view::npos || store.size() > 64) return std::nullopt;
  return std::pair{std::string(path.substr(0, slash)), std::string(store)};
}

// One answer for every delivery that cannot be attributed to a store: an unknown address, a
// platform that does not match, a bad or missing signature, a shop that is not the store's.
// The endpoint then tells a prober nothing about which store ids exist.
http::Response unauthenticated(const http::Request& req) {
  return answer(req, http::Problem{401, "webhook_unauthenticated", "Webhook not authentic",
                                   "The delivery could not be verified for this address."});
}

std::string interval_us(std::int64_t per_second) {
  return std::to_string(
      std::max<std::int64_t>(1, 1'000'000 / std::max<std::int64_t>(1, per_second)));
}

// The ingest limits, per source address and per ingest address, before anything costly.
// nullopt when admitted, else the answer (429, or 503 when Redis cannot say).
asio::awaitable<std::optional<http::Response>> admit(const IngestDeps& s, const http::Request& req,
                                                     const std::string& store_id) {
  const auto& cfg = s.config.ingest;
  const std::string keys[] = {s.keys.ingest_rate_source(req.client_ip),
                              s.keys.ingest_rate_store(store_id)};
  const std::string args[] = {interval_us(cfg.rate_per_ip), std::to_string(cfg.burst_per_ip),
                              interval_us(cfg.rate_per_store), std::to_string(cfg.burst_per_store)};
  auto r = co_await s.redis.eval(ingest_admit_script(), keys, args);
  if (auto ec = redis::failure_of(r)) {
    co_return answer(req, http::service_unavailable("storage_unavailable",
                                                    "The gateway's storage is unreachable."));
  }
  if (r->elements.empty() || r->elements[0].as_integer().value_or(0) == 1) co_return std::nullopt;
  const std::int64_t wait_ms =
      r->elements.size() > 1 ? r->elements[1].as_integer().value_or(1000) : 1000;
  http::Problem p{429, "ingest_rate_limited", "Too many deliveries",
                  "Deliveries from this address or to this store exceed the gateway's ingest "
                  "limit; retry later."};
  p.retry_after_seconds = std::max<std::int64_t>(1, (wait_ms + 999) / 1000);
  co_return answer(req, p);
}

}  // namespace

const redis::Script& ingest_admit_script() {
  static const redis::Script script("ingest_admit", std::string(embedded::ingest_admit_lua));
  return script;
}

const redis::Script& ingest_enqueue_script() {
  static const redis::Script script("ingest_enqueue", std::string(embedded::ingest_enqueue_lua));
  return script;
}

namespace {

asio::awaitable<http::Response> verify_and_enqueue(
    const IngestDeps& s, const http::Request& req,
    const std::pair<std::string, std::string>* parts) {
  if (parts == nullptr) co_return unauthenticated(req);
  if (auto refused = co_await admit(s, req, parts->second)) co_return std::move(*refused);
  auto found = co_await s.stores.get_recent_by_id(parts->second);
  if (!found) {
    co_return answer(req, http::service_unavailable("storage_unavailable",
                                                    "The gateway's storage is unreachable."));
  }
  if (!*found || (*found)->platform != parts->first) co_return unauthenticated(req);
  const StoreRecord& record = **found;
  const Connector* connector = s.connectors.find(record.platform);
  auto store = outbound::open_store_context(s.cipher, record);
  if (connector == nullptr || !store) {
    co_return answer(req, http::service_unavailable("connector_unavailable",
                                                    "The store's connector or credentials are "
                                                    "not usable in this gateway."));
  }
  const auto now = util::now_seconds();
  WebhookResult result;
  try {
    result = connector->handle_webhook(WebhookDelivery{*store, req.headers, req.body, now});
  } catch (const std::exception& e) {
    log::error("connector webhook handler threw",
               {{"platform", record.platform}, {"store_id", record.id}, {"error", e.what()}});
    result.verdict = WebhookVerdict::malformed;
    result.reason = "the connector could not read the delivery";
  }
  switch (result.verdict) {
    case WebhookVerdict::ping:
      co_return ok("ping");
    case WebhookVerdict::rejected:
      // The reason is the operator's (the log), not the sender's: the answer is the same as
      // for an address no store has.
      log::warn("webhook rejected", {{"store_id", record.id},
                                     {"reason", result.reason},
                                     {"remote", req.client_ip},
                                     {"request_id", req.request_id}});
      co_return unauthenticated(req);
    case WebhookVerdict::malformed:
      co_return answer(
          req, http::bad_request("webhook_malformed",
                                 "The delivery is authentic but unusable: " + result.reason + "."));
    case WebhookVerdict::accepted:
      break;
  }
  if (result.changes.empty()) co_return ok("ignored");

  const json::storage_ptr sp = result.changes.front().entity.storage();
  json::array changes(sp);
  std::string delivery_id;
  const std::size_t change_count = result.changes.size();
  for (auto& c : result.changes) {
    if (delivery_id.empty()) delivery_id = c.dedupe_id;
    // The ABI's encoding of a change (the entity moves, it is already in `sp`): the worker
    // decodes it with the same codec.
    changes.push_back(abi::encode_webhook_change(std::move(c), sp));
  }
  json::object entry(sp);
  entry.reserve(4);
  entry.emplace("tenant", record.tenant);
  entry.emplace("store_id", record.id);
  entry.emplace("received_at", format_rfc3339(now));
  entry.emplace("changes", std::move(changes));
  if (delivery_id.size() > kMaxDeliveryIdLength) {
    // Accepting it without its id would skip de-duplication; no platform sends ids this long.
    co_return answer(
        req, http::bad_request("webhook_malformed", "The delivery id is longer than " +
                                                        std::to_string(kMaxDeliveryIdLength) +
                                                        " characters."));
  }
  std::vector<std::string> keys{s.keys.ingest_inbox()};
  if (!delivery_id.empty()) keys.push_back(s.keys.ingest_seen(record.id, delivery_id));
  const std::string args[] = {std::to_string(kSeenSeconds), json::serialize(entry)};
  auto r = co_await s.redis.eval(ingest_enqueue_script(), keys, args);
  if (auto ec = redis::failure_of(r)) {
    // Not enqueued: a 503 makes the platform deliver again later.
    log::error("webhook not enqueued", {{"store_id", record.id}, {"error", ec.message()}});
    co_return answer(req, http::service_unavailable("storage_unavailable",
                                                    "The delivery could not be stored; retry."));
  }
  if (r->as_integer() == 0) co_return ok("duplicate");
  co_return ok("accepted", change_count);
}

}  // namespace

asio::awaitable<http::Response> handle_ingest(IngestDeps s, const http::Request& req) {
  if (req.method != "POST") {
    auto r = answer(req, http::method_not_allowed("Use POST."));
    r.set_header("Allow", "POST");
    co_return r;
  }
  const auto parts = split_path(req.path);
  http::Response response = co_await verify_and_enqueue(s, req, parts ? &*parts : nullptr);
  // A platform that never delivers again loses the change behind any answer but a 2xx, whatever
  // the reason (limits, Redis away, a body we could not read, a secret out of step): the store
  // is polled at once instead. Made-up store ids are dropped when the request is flushed.
  if (parts && (response.status < 200 || response.status > 299)) {
    const Connector* connector = s.connectors.find(parts->first);
    if (connector != nullptr && !connector->manifest().webhooks_redelivered) {
      s.catchups.request(parts->second);
    }
  }
  co_return response;
}

}  // namespace cartgate::ingest
