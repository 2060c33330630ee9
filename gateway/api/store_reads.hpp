#pragma once
// One store's part of a read: load the record (tenant-scoped), decrypt its credentials, check
// the platform can do what is asked, and run the connector call under the request deadline.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "api/call.hpp"
#include "api/read_request.hpp"
#include "outbound/http_client.hpp"

namespace cartgate::api {

/// A store resolved for a call: its record and connector.
struct StoreTarget {
  StoreRecord record;
  const Connector* connector = nullptr;
};

/// The stores a request names (all of the tenant's, or the listed ones), each checked to exist.
boost::asio::awaitable<ApiResult<std::vector<StoreTarget>>> resolve_stores(
    CallContext& call, const ReadRequest& request);

/// A problem when `target`'s platform cannot do `query` (verb or filter), else nullopt.
std::optional<http::Problem> check_capability(const StoreTarget& target, const ReadQuery& query);

/// A store's answer to a count or an info read, its shape checked once, where the connector's
/// JSON is read: the API layer takes these, never the connector's JSON.
struct CountAnswer {
  std::int64_t count = 0;
  boost::json::array warnings;  // about the store's records as a whole
};
struct InfoAnswer {
  boost::json::value item;      // a schema v1 object
  boost::json::value raw;       // the platform object it was mapped from, or null
  boost::json::array warnings;  // what the platform withheld from it
};
template <class Answer>
using StoreAnswer = std::variant<Answer, http::Problem>;

/// One store's count, or a problem (502 connector_failed for a result without a count).
boost::asio::awaitable<StoreAnswer<CountAnswer>> read_count(CallContext& call,
                                                            const StoreTarget& target,
                                                            const ReadQuery& query,
                                                            outbound::Clock::time_point deadline);

/// One record of one store, or a problem (502 connector_failed for a result without an item).
boost::asio::awaitable<StoreAnswer<InfoAnswer>> read_info(CallContext& call,
                                                          const StoreTarget& target,
                                                          const ReadQuery& query,
                                                          outbound::Clock::time_point deadline);

/// Checks a store's credentials with the connector's probe call: nullopt when they work (and
/// what the probe found out, such as how the store's host takes the keys, is written into
/// `record.settings`), else 422 store_credentials_rejected or 502 store_unreachable.
boost::asio::awaitable<std::optional<http::Problem>> probe_store(
    CallContext& call, StoreRecord& record, const std::map<std::string, std::string>& credentials);

/// The pages read from one store for a list, in scan order. The records are schema entities
/// whichever form the connector answered in (JSON items, from plugins and the cart index, are
/// read strictly into entities), so the answer is written from them straight as text.
struct GatheredPage {
  std::string token;  // the token the page was read from
  std::vector<EntityData> entities;
  boost::json::array raw;
  boost::json::array warnings;  // what the platform withheld from these records ("record_id")
};
struct Gathered {
  std::vector<GatheredPage> pages;
  std::string next_token;  // after the last page, when `end` is false
  bool end = false;
  std::optional<http::Problem> problem;
};

/// A page's JSON items (a plugin's answer, the cart index) read strictly into `entities` as
/// `entity`s; 502 connector_failed, naming the platform, for a record that is not a valid
/// schema v1 one: the connector's fault, not the caller's.
std::optional<http::Problem> read_entities(const boost::json::array& items, Entity entity,
                                           const std::string& platform,
                                           std::vector<EntityData>& entities);

/// Reads from `scan`'s position until `scan.skip + want` records (or the end) are in hand.
boost::asio::awaitable<Gathered> gather(CallContext& call, const StoreTarget& target,
                                        ReadQuery query, const StoreScan& scan, std::int64_t want,
                                        outbound::Clock::time_point deadline);

}  // namespace cartgate::api
