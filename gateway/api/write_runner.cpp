#include "api/write_runner.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>

#include "api/connector_problem.hpp"
#include "api/idempotency.hpp"
#include "api/store_reads.hpp"
#include "api/write_marks.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// How long after a write's deadline its change may still arrive as the platform's webhook.
constexpr std::chrono::seconds kLateWebhooks{60};

// The store, if the caller's and able to take this write; else why not.
asio::awaitable<ApiResult<StoreTarget>> target_for(const WriteOrigin& c, const WriteRequest& w) {
  auto found = co_await c.services.stores.get_recent(c.tenant, w.store_id);
  if (!found) co_return storage_unavailable(c.request_id, found.error());
  if (!*found) co_return http::not_found("store_not_found", "No store '" + w.store_id + "'.");
  const Connector* connector = c.services.connectors.find((*found)->platform);
  StoreTarget t{std::move(**found), connector};
  if (t.connector == nullptr) {
    co_return http::service_unavailable(
        "connector_unavailable",
        "The connector for platform '" + t.record.platform + "' is not loaded in this gateway.");
  }
  if (t.record.status != "active") {
    co_return http::Problem{409, "store_disabled", "Store disabled",
                            "Store '" + t.record.id + "' is disabled."};
  }
  const Manifest& m = t.connector->manifest();
  const WriteCapability* can = write_capability(m, w.operation);
  if (can == nullptr) {
    co_return http::Problem{422, "not_supported_by_platform", "Not supported by the platform",
                            m.display_name + " cannot perform " + w.operation + "."};
  }
  for (const auto& [field, value] : w.changes) {
    if (std::find(can->fields.begin(), can->fields.end(), field) == can->fields.end()) {
      co_return http::Problem{422, "not_supported_by_platform", "Not supported by the platform",
                              m.display_name + " cannot change '" + std::string(field) + "' in " +
                                  w.operation + ". " + can->note};
    }
  }
  co_return t;
}

// Whether a failed write may have reached the platform and changed something: the request left
// and no answer said it was refused (a timeout, a 5xx, an answer the connector could not read).
bool may_have_applied(const ConnectorError& e) {
  switch (e.kind) {
    case ConnectorErrorKind::upstream_error:
    case ConnectorErrorKind::invalid_response:
    case ConnectorErrorKind::connector_failed:
      return true;
    default:
      return false;
  }
}

http::Problem write_problem(const ConnectorError& e, const StoreTarget& t, bool keyed) {
  const std::string store = "Store '" + t.record.id + "': ";
  if (e.kind == ConnectorErrorKind::invalid_query && e.upstream_status) {
    return {422, "platform_rejected", "The platform rejected the write", store + e.message};
  }
  // The connector saw, from what it read first, that the write cannot be made (nothing left
  // to ship): nothing was sent.
  if (e.kind == ConnectorErrorKind::invalid_query) {
    return {422, "write_not_possible", "The write cannot be made", store + e.message};
  }
  if (e.kind == ConnectorErrorKind::upstream_error && !e.upstream_status) {
    return {504, "write_outcome_unknown", "Write outcome unknown",
            store + e.message + " The write may have been applied. " +
                (keyed ? "Repeat it with the same Idempotency-Key: the gateway reads the entity "
                         "back before writing again."
                       : "Read the entity back before repeating it (an Idempotency-Key makes "
                         "repeats safe).")};
  }
  return connector_problem(e, t.record.id);
}

// When the written entity was last changed, as the store answered: an order's own updated_at,
// or that of the order a shipment was added to.
std::optional<Timestamp> entity_updated_at(const json::object& item) {
  const json::object* entity = &item;
  if (const auto* order = item.if_contains("order"); order != nullptr && order->is_object()) {
    entity = &order->get_object();
  }
  const auto* updated = entity->if_contains("updated_at");
  if (updated == nullptr || !updated->is_string()) return std::nullopt;
  return parse_rfc3339(updated->get_string());
}

}  // namespace

asio::awaitable<Outcome> run_write(WriteOrigin c, WriteRequest w) {
  const std::optional<std::string>& key = c.idempotency_key;
  std::optional<IdempotencyKeys> keyed;
  if (key) keyed.emplace(c.services.redis, c.services.keys, c.tenant, *key);
  auto target = co_await target_for(c, w);
  if (!target) co_return target.error();

  const auto timeout = c.services.config.outbound.request_timeout;
  std::optional<std::chrono::system_clock::time_point> reconcile_since;
  if (keyed) {
    // The lease outlasts the call, so only a process that died mid-write lets it lapse.
    auto claim =
        co_await keyed->claim(fingerprint(w), c.request_id, 2 * timeout + std::chrono::seconds(5));
    if (!claim) co_return storage_unavailable(c.request_id, claim.error());
    switch (claim->kind) {
      case IdempotencyClaim::Kind::running:
        co_return http::Problem{409, "idempotency_key_in_use", "Request in progress",
                                "A request with this Idempotency-Key is still running; repeat "
                                "it once that one has been answered."};
      case IdempotencyClaim::Kind::mismatch:
        co_return http::Problem{422, "idempotency_key_reused", "Idempotency-Key reused",
                                "This Idempotency-Key was used for a different request."};
      case IdempotencyClaim::Kind::replay: {
        Success replay{claim->status, nullptr, std::move(claim->body)};
        replay.headers.emplace_back("Idempotent-Replayed", "true");
        co_return replay;
      }
      case IdempotencyClaim::Kind::reconcile:
        reconcile_since = claim->since;
        break;
      case IdempotencyClaim::Kind::fresh:
        break;
    }
  }

  // What a refusal leaves: the key free again, unless an earlier attempt's outcome is still
  // unknown, which the next request must go on reconciling.
  const WriteEnd refused = reconcile_since ? WriteEnd::unknown : WriteEnd::released;
  auto store = outbound::open_store_context(c.services.cipher, target->record);
  if (!store) {
    if (keyed) co_await keyed->settle(c.request_id, refused, 0, "");
    co_return http::Problem{
        503, "credentials_unreadable", "Store credentials unreadable",
        "Store '" + target->record.id + "' has credentials this gateway cannot decrypt."};
  }
  Call call;
  call.kind = CallKind::write;
  json::object params{{"operation", w.operation},
                      {"id", w.id},
                      {"changes", w.changes},
                      {"reconcile", reconcile_since.has_value()}};
  if (!w.variant_id.empty()) params["variant_id"] = w.variant_id;
  if (reconcile_since) {
    params["since"] = format_rfc3339(std::chrono::floor<std::chrono::seconds>(*reconcile_since));
  }
  call.params = std::move(params);
  call.storage = c.arena;
  WriteMarks marks(c.services.redis, c.services.keys, c.tenant, target->record.id, w.entity, w.id,
                   w.creation_key, c.request_id, key);
  co_await marks.running(timeout + kLateWebhooks);
  auto result = co_await outbound::run_store_call(c.services.store_calls(), target->record,
                                                  *target->connector, *store, call, c.lane,
                                                  outbound::Clock::now() + timeout);
  if (auto* e = std::get_if<ConnectorError>(&result)) {
    const bool unknown = may_have_applied(*e);
    log::warn("write failed", {{"store_id", target->record.id},
                               {"operation", w.operation},
                               {"request_id", c.request_id},
                               {"outcome", unknown ? "unknown" : "refused"},
                               {"error", e->message}});
    if (keyed) {
      co_await keyed->settle(c.request_id, unknown ? WriteEnd::unknown : refused, 0, "");
    }
    // An unknown outcome keeps the running mark: what the write did may still show.
    if (!unknown) co_await marks.cleared();
    co_return write_problem(*e, *target, keyed.has_value());
  }
  auto* answer = std::get<json::value>(result).if_object();
  auto* item = answer != nullptr ? answer->if_contains("item") : nullptr;
  if (item == nullptr || !item->is_object()) {
    if (keyed) co_await keyed->settle(c.request_id, WriteEnd::unknown, 0, "");
    co_return http::Problem{
        502, "connector_failed", "Connector failed",
        "The " + target->record.platform + " connector returned a malformed write result."};
  }
  // An added entity is known by the id the platform gave it. Named, not a ternary inside the
  // co_await: GCC 12 mishandles temporaries there.
  std::string written_id = w.id;
  if (const auto* added = w.id.empty() ? item->get_object().if_contains("id") : nullptr;
      added != nullptr && added->is_string()) {
    written_id = added->get_string();
  }
  if (auto at = entity_updated_at(item->get_object()); at && !written_id.empty()) {
    co_await marks.done(written_id, util::unix_ms(*at));
  }
  json::object body{{"data", std::move(*item)}};
  std::string text = json::serialize(body);
  if (keyed) {
    if (auto ec = co_await keyed->settle(c.request_id, WriteEnd::done, 200, text)) {
      // The write is done; only its replay is lost. A repeat reconciles and finds it done.
      log::warn("idempotency record not kept",
                {{"request_id", c.request_id}, {"error", ec.message()}});
    }
  }
  co_return Success{200, nullptr, std::move(text)};
}

}  // namespace cartgate::api
