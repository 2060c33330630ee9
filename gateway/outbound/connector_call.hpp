#pragma once
// Drives one connector call to its end: asks the connector for requests, performs them
// concurrently through the HTTP client, feeds the answers back, until the connector is done
// or has failed. The connector stays pure; the clock, the nonces, the sockets and the
// deadline are this loop's.

#include <string>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

#include "outbound/http_client.hpp"
#include "outbound/outbound_limiter.hpp"

namespace cartgate::outbound {

using CallResult = std::variant<boost::json::value, ConnectorError>;

struct CallSetup {
  const Connector& connector;
  const StoreContext& store;
  HttpClient& http;
  Clock::time_point deadline;
  OutboundLimiter* limiter = nullptr;  // null: no shared budget (tests of the loop alone)
  BucketPolicy policy;
  Lane lane = Lane::live;
  std::string callback_url;  // webhook calls only
  // Where a list read with Call::typed_items leaves the page's entities (StepOutcome::entities);
  // null for every other call.
  std::vector<EntityData>* entities = nullptr;
  // How long after its start the call may still be waiting, for budget or a platform's
  // Retry-After: a wait that would end later is not begun, and the call answers rate_limited
  // (with the wait) instead. Unset: whatever the deadline allows.
  std::optional<std::chrono::milliseconds> max_wait = std::nullopt;
};

/// Every request first takes its cost from the store's budget, waiting while that fits the
/// deadline (and CallSetup::max_wait); a request that cannot be sent in time fails the call as
/// rate_limited with the wait. A throttled answer (429, THROTTLED) is retried after the
/// platform's wait when the deadline and max_wait allow, at most three times.
boost::asio::awaitable<CallResult> run_connector_call(const CallSetup& setup, const Call& call);

}  // namespace cartgate::outbound
