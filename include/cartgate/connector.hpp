#pragma once
// The connector interface: what a platform connector declares and what it implements.
//
// A connector does no I/O. The gateway asks it for the HTTP requests a call needs, performs
// them (auth'd by the connector, rate-limited, pooled and retried by the gateway) and hands the
// responses back, step by step, until the connector answers with a result. The same shape
// works for one-request reads, reads that need follow-ups (BigCommerce order products, Magento
// cart totals) and webhook registration. Mapping is therefore testable with fixtures alone.
//
// Built-in connectors register with CARTGATE_REGISTER_CONNECTOR (connector_registration.hpp);
// third-party connectors export the same class through the C ABI (plugin_export.hpp).
// Implementations must not throw: failures are values (ConnectorError). The gateway still
// catches anything that escapes and reports it as an internal connector failure.

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include <cartgate/http_message.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/event.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate {

// ---- What a connector declares -------------------------------------------------------------

enum class ReadVerb { list, info, count };
enum class EventDelivery { webhook, poll, unsupported };
enum class WebhookSignature { none, hmac_sha256_base64, standard_webhooks };
enum class RateLimitModel {
  none,          // the platform has no limit of its own (a configurable cap still applies)
  leaky_bucket,  // requests drain a bucket that refills continuously (Shopify REST)
  cost_bucket,   // like leaky_bucket, but each request costs its query cost (Shopify GraphQL)
  fixed_window,  // a request quota per window (BigCommerce: N per 30 s)
};

template <>
struct EnumNames<ReadVerb> {
  static constexpr std::array<std::string_view, 3> names{"list", "info", "count"};
};
template <>
struct EnumNames<EventDelivery> {
  static constexpr std::array<std::string_view, 3> names{"webhook", "poll", "unsupported"};
};
template <>
struct EnumNames<WebhookSignature> {
  static constexpr std::array<std::string_view, 3> names{"none", "hmac_sha256_base64",
                                                         "standard_webhooks"};
};
template <>
struct EnumNames<RateLimitModel> {
  static constexpr std::array<std::string_view, 4> names{"none", "leaky_bucket", "cost_bucket",
                                                         "fixed_window"};
};

/// A date bound of a list or count (ReadQuery's created_/modified_ pairs): `_from` is
/// inclusive, `_to` exclusive, compared with the records' created_at and updated_at.
enum class DateBound { created_from, created_to, modified_from, modified_to };
template <>
struct EnumNames<DateBound> {
  static constexpr std::array<std::string_view, 4> names{"created_from", "created_to",
                                                         "modified_from", "modified_to"};
};

/// A credential the store owner supplies (access token, consumer key, client secret, ...).
/// Secret fields are encrypted at rest and never shown again.
struct CredentialField {
  std::string name;
  bool secret = true;
  bool required = true;
  std::string description;
};

struct EntityCapability {
  Entity entity = Entity::order;
  std::vector<ReadVerb> verbs;
  std::vector<std::string> filters;  // filter names the connector translates (status, email, ...)
  std::string note;                  // how, when it is not obvious ("abandoned checkouts only")
  // The date bounds the platform applies itself; a connector is never sent the others. The
  // gateway applies them to the records of a list instead, refuses them on a count (it would
  // have to read every record), and polls a list without `modified_from` by reading it whole.
  std::vector<DateBound> date_bounds{DateBound::created_from, DateBound::created_to,
                                     DateBound::modified_from, DateBound::modified_to};
};

/// A write the platform takes (CallKind::write): the operation as the API names it
/// ("order.update") and the fields of its request the connector carries out. The gateway refuses
/// any other field before a request leaves, so a connector never half-applies a write.
struct WriteCapability {
  std::string operation;
  std::vector<std::string> fields;
  std::string note;  // how, when it is not obvious ("a private order note")
};

struct EventCapability {
  EventType type = EventType::order_add;
  EventDelivery delivery = EventDelivery::unsupported;
  std::string note;
};

/// The shape of the platform's own rate limit, which the gateway's per-store limiter copies.
struct RateLimitPolicy {
  RateLimitModel model = RateLimitModel::none;
  double capacity = 0;           // bucket size or requests per window
  double refill_per_second = 0;  // leaky/cost bucket restore rate
  std::int64_t window_ms = 0;    // fixed window length
};

/// Where a platform's stores live, so the gateway can refuse a store URL that cannot be one
/// (and never send a store's credentials anywhere else).
struct StoreAddressRule {
  // Empty: each store is the merchant's own site (WooCommerce, Magento). Otherwise the
  // platform's own API origin, "{ref}" standing for the merchant's store reference:
  // "https://{ref}.myshopify.com", "https://api.bigcommerce.com/stores/{ref}".
  std::string url_template;
  std::string ref_name;    // what merchants call the reference: "shop", "store_hash"
  std::string ref_suffix;  // accepted after the reference and dropped: ".myshopify.com"
  // The platform authenticates without TLS (OAuth 1.0a request signatures), so plain http://
  // is possible where the operator also allows it; bearer tokens and Basic auth never are.
  bool plain_http = false;
};

struct Manifest {
  std::string platform;  // registry name: [a-z][a-z0-9_]{1,31}
  std::string display_name;
  std::string connector_version;
  std::vector<CredentialField> credentials;
  std::vector<std::string> settings;  // optional per-store settings the connector reads
  std::vector<EntityCapability> entities;
  std::vector<EventCapability> events;
  RateLimitPolicy rate_limit;
  WebhookSignature webhook_signature = WebhookSignature::none;
  int max_page_size = 50;  // the platform's own page cap
  StoreAddressRule store_address;
  // Whether the platform delivers a webhook again after a non-2xx answer. Where it does not
  // (WooCommerce), the gateway polls the store at once after any such answer instead.
  bool webhooks_redelivered = true;
  // The writes the connector performs; empty (plugins written before writes existed): none.
  std::vector<WriteCapability> writes;
};

/// What `m` declares for `entity`, or null when the platform has no such entity.
inline const EntityCapability* capability_for(const Manifest& m, Entity entity) {
  for (const auto& cap : m.entities) {
    if (cap.entity == entity) return &cap;
  }
  return nullptr;
}

/// What `m` declares for the write `operation`, or null when it cannot perform it.
inline const WriteCapability* write_capability(const Manifest& m, std::string_view operation) {
  for (const auto& w : m.writes) {
    if (w.operation == operation) return &w;
  }
  return nullptr;
}

/// Whether the platform applies `bound` to reads of `cap`'s entity itself.
inline bool applies(const EntityCapability& cap, DateBound bound) {
  for (DateBound b : cap.date_bounds) {
    if (b == bound) return true;
  }
  return false;
}

// ---- What a connector is asked to do ---------------------------------------------------------

/// One store as a connector sees it: decrypted credentials, never logged.
struct StoreContext {
  std::string store_id;
  std::string base_url;  // https://shop.example, https://x.myshopify.com, ...
  std::map<std::string, std::string> credentials;
  std::map<std::string, std::string> settings;
};

/// Everything non-deterministic a step may need, supplied by the gateway so that connectors
/// stay pure functions: the clock and fresh randomness (OAuth nonces).
struct CallEnvironment {
  Timestamp now{};
  std::string nonce;         // 32 random alphanumerics, fresh per step
  std::string callback_url;  // where the platform should deliver webhooks for this store
};

enum class CallKind {
  probe,           // one cheap authenticated call: do the credentials work?
  read,            // list/info/count of an entity
  webhooks_sync,   // make the platform's subscriptions match `params.topics`
  webhooks_list,   // report the platform's current subscriptions
  webhooks_clear,  // remove every subscription this gateway made
  write,           // change an entity: `params` says which and how (see Call)
};
template <>
struct EnumNames<CallKind> {
  static constexpr std::array<std::string_view, 6> names{
      "probe", "read", "webhooks_sync", "webhooks_list", "webhooks_clear", "write"};
};

struct ReadQuery {
  Entity entity = Entity::order;
  ReadVerb verb = ReadVerb::list;
  std::string id;  // info only
  std::optional<Timestamp> created_from, created_to, modified_from, modified_to;
  std::map<std::string, std::string> filters;  // only names the manifest declares
  std::string page_token;                      // empty: first page; else from a previous result
  int page_size = 50;                          // at most manifest.max_page_size
};

struct Call {
  CallKind kind = CallKind::read;
  ReadQuery read;  // kind == read
  // Other kinds: kind-specific parameters. A write:
  //   {"operation": "order.update", "id": "<the entity's platform id>",
  //    "changes": {...only the fields the manifest declares for the operation...},
  //    "reconcile": true|false, "since": "<RFC 3339>"}
  // With `reconcile`, an earlier attempt of the same write (begun at `since`) ended with its
  // outcome unknown (a timeout after the request left): the connector reads back what that
  // attempt may have created (a note, a shipment) before creating it again. A write's result is
  // {"item": the schema v1 entity after the write, "raw": the platform object}.
  boost::json::value params;
  // Where the connector builds what it parses and answers (sdk::parse_platform_json): the
  // caller's arena, which outlives the result, so nothing in it is refcounted or freed node by
  // node. Unset (the default heap): each parsed document gets an arena of its own, kept alive
  // by its values.
  boost::json::storage_ptr storage;
  // A list read whose caller takes the page's records as schema entities
  // (StepOutcome::entities) rather than as JSON documents, which it would only write out
  // again as text. sdk::PageItems answers either way; a connector may ignore this.
  bool typed_items = false;
};

struct StepInput {
  const StoreContext& store;
  const Call& call;
  const CallEnvironment& env;
  std::string_view state;                   // empty on the first step
  std::span<const HttpResponse> responses;  // answers to the previous step's requests, in order
};

// ---- What a connector answers ----------------------------------------------------------------

enum class ConnectorErrorKind {
  bad_credentials,   // the platform refused the credentials
  forbidden,         // credentials work but lack a permission/scope
  not_found,         // the entity does not exist
  unsupported,       // the platform cannot do this (e.g. list carts on WooCommerce)
  invalid_query,     // a filter/value the platform cannot express
  rate_limited,      // the platform throttled the call
  upstream_error,    // 5xx, maintenance, or an answer the connector cannot use
  invalid_response,  // malformed platform JSON
  // Set by the gateway, never by a connector: the store's host resolved to an address the
  // deployment's outbound policy refuses (loopback, private, metadata, ...), so no request left.
  address_forbidden,
  // Set by the gateway, never by a connector: the connector itself failed (it threw, broke the
  // plugin ABI, returned a malformed outcome or never finished). The store is not to blame.
  connector_failed,
};
template <>
struct EnumNames<ConnectorErrorKind> {
  static constexpr std::array<std::string_view, 10> names{
      "bad_credentials",   "forbidden",       "not_found",      "unsupported",
      "invalid_query",     "rate_limited",    "upstream_error", "invalid_response",
      "address_forbidden", "connector_failed"};
};

struct ConnectorError {
  ConnectorErrorKind kind = ConnectorErrorKind::upstream_error;
  std::string message;  // safe to show to the API caller: no secrets, no raw bodies
  std::optional<int> upstream_status;
  std::optional<std::int64_t> retry_after_ms;
};

/// What a platform's answer says about its rate limit, read from its headers or body
/// (X-Rate-Limit-*, extensions.cost.throttleStatus, Retry-After).
struct RateLimitObservation {
  std::optional<double> remaining;
  std::optional<double> capacity;
  std::optional<std::int64_t> reset_ms;
  std::optional<std::int64_t> retry_after_ms;
  bool throttled = false;
};

enum class StepKind { requests, done, failed };
template <>
struct EnumNames<StepKind> {
  static constexpr std::array<std::string_view, 3> names{"requests", "done", "failed"};
};

struct StepOutcome {
  StepKind kind = StepKind::failed;
  // kind == requests: perform these (concurrently) and call step() again with `state`.
  std::vector<HttpRequest> requests;
  std::string state;
  // kind == done. For reads: {"items":[...schema v1 objects...], "raw":[...platform objects...],
  // "next_page_token": string|null, "total": integer|null}; for count: {"count": n}.
  // It keeps the storage it was built in (the page's arena): move-construct it, never assign it.
  boost::json::value result;
  // kind == done, for a list read with Call::typed_items: the page's records, in order, as
  // schema entities, while result's "items" is empty ("raw" still holds the platform objects).
  std::vector<EntityData> entities;
  // kind == failed.
  ConnectorError error;
  // One entry per response fed into this step (may be empty when nothing was learned).
  std::vector<RateLimitObservation> observations;

  static StepOutcome need(std::vector<HttpRequest> requests, std::string state = {});
  static StepOutcome finished(boost::json::value result);
  static StepOutcome fail(ConnectorErrorKind kind, std::string message,
                          std::optional<int> upstream_status = std::nullopt);
};

// ---- Webhooks ----------------------------------------------------------------------------------

struct WebhookDelivery {
  const StoreContext& store;
  const HttpHeaders& headers;
  std::string_view body;  // the raw bytes, exactly as received: signatures cover these
  Timestamp now{};
};

enum class WebhookVerdict {
  accepted,   // authentic: `changes` says what changed
  ping,       // authentic-enough liveness check (WooCommerce's unsigned ping): answer 200, no event
  rejected,   // not authentic (bad or missing signature, stale timestamp): 401, no event
  malformed,  // authentic, but the body is unusable (not JSON, no entity id): 400, no event
};
template <>
struct EnumNames<WebhookVerdict> {
  static constexpr std::array<std::string_view, 4> names{"accepted", "ping", "rejected",
                                                         "malformed"};
};

struct WebhookChange {
  EventType type = EventType::order_update;
  std::string entity_id;
  std::optional<Timestamp> updated_at;  // absent for thin payloads
  boost::json::value entity;            // the normalized entity, or null when it must be fetched
  std::string dedupe_id;                // the platform's delivery/event id, if it has one
};

struct WebhookResult {
  WebhookVerdict verdict = WebhookVerdict::rejected;
  std::string reason;  // why rejected (for logs and the 4xx problem detail)
  std::vector<WebhookChange> changes;
};

// ---- The interface ----------------------------------------------------------------------------

class Connector {
 public:
  virtual ~Connector() = default;
  virtual const Manifest& manifest() const = 0;
  /// Advances one call by one step. Pure: same input, same output.
  virtual StepOutcome step(const StepInput& input) const = 0;
  /// Verifies (in constant time) and parses one inbound webhook delivery. Pure.
  virtual WebhookResult handle_webhook(const WebhookDelivery& delivery) const = 0;
};

}  // namespace cartgate
