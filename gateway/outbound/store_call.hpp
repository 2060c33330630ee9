#pragma once
// One connector call against a stored store: opens its credentials, shapes its outbound
// budget and runs the call in the given lane. Shared by API reads, enrichment, polling and
// platform webhook registration.

#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "connectors/connector_registry.hpp"
#include "outbound/connector_call.hpp"
#include "outbound/http_client.hpp"
#include "outbound/outbound_limiter.hpp"
#include "security/cipher.hpp"
#include "store/store_record.hpp"

namespace cartgate::outbound {

/// What a store call uses: the loaded connectors, the key that opens stored credentials, and
/// the calling io thread's HTTP client and outbound budget. References only: the calls below
/// take it by value, so a coroutine never holds a reference to a caller's temporary.
struct StoreCallDeps {
  const Config& config;
  const ConnectorRegistry& connectors;
  const security::Cipher& cipher;
  HttpClient& http;
  OutboundLimiter& limiter;
};

/// The store as its connector sees it, or nullopt when the credentials do not decrypt.
std::optional<StoreContext> open_store_context(const security::Cipher& cipher,
                                               const StoreRecord& record);

/// Runs `call` for an opened store through the shared outbound budget, in `lane`. A list read
/// with Call::typed_items leaves its entities in `*entities` (CallSetup::entities); `max_wait`
/// is CallSetup::max_wait.
boost::asio::awaitable<CallResult> run_store_call(
    StoreCallDeps deps, const StoreRecord& record, const Connector& connector,
    const StoreContext& store, const Call& call, Lane lane, Clock::time_point deadline,
    std::vector<EntityData>* entities = nullptr,
    std::optional<std::chrono::milliseconds> max_wait = std::nullopt);

/// Both of the above. Fails with upstream_error (and a message naming the cause) when the connector
/// is not loaded or the credentials do not decrypt.
boost::asio::awaitable<CallResult> call_store_record(StoreCallDeps deps, const StoreRecord& record,
                                                     const Call& call, Lane lane,
                                                     Clock::time_point deadline);

/// Where the platform should deliver this store's webhooks (events.public_url based), or ""
/// when the gateway has no public URL.
std::string ingest_url(const Config& config, const StoreRecord& record);

/// Logs, once per store, code and process, the warnings of a call's result that concern the
/// store as a whole (no record_id): an API version past support, a missing scope.
void report_store_warnings(const StoreRecord& record, const CallResult& result);

}  // namespace cartgate::outbound
