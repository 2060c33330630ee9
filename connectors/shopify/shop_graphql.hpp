#pragma once
// Talking to Shopify's GraphQL Admin API: building a request for a store and reading its
// answer. Throttling arrives as HTTP 200 with a THROTTLED error or as 429: both are rate limits,
// and every answer's extensions.cost.throttleStatus becomes an observation.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::shop {

inline constexpr std::string_view kName = "Shopify";

/// The store's `api_version` setting, or the version this connector is written against.
std::string api_version(const StoreContext& store);
bool valid_version(std::string_view version);

/// A POST of `query` (followed by `fragments`) with `variables`; `cost` is the estimated
/// requested cost, charged to the outbound budget before Shopify reports the real one.
HttpRequest graphql(const StoreContext& store, std::string_view query,
                    const std::vector<std::string_view>& fragments, boost::json::object variables,
                    double cost);

/// A warning (no record) when Shopify served `r` in another API version than the one asked
/// for: a version past its support "falls forward" to the oldest supported one, and the
/// answer's X-Shopify-API-Version says which. Fields and behaviour may differ from what the
/// store's api_version setting promises.
std::optional<boost::json::object> version_fell_forward(const StoreContext& store,
                                                        const HttpResponse& r);

/// What Shopify's answer says about the store's cost bucket.
RateLimitObservation observe(const HttpResponse& r, const boost::json::value* body);

/// The answer's `data`, or the failure it stands for (HTTP status, THROTTLED, other errors).
/// With `withheld`, an answer whose data arrived next to field-level ACCESS_DENIED errors
/// (fields an app without protected customer data approval may not see: null in the data) is
/// data, and those errors are appended to `withheld`; without it, such an answer fails.
/// The data is built in `storage` (the call's arena, `Call::storage`) when that is set.
std::variant<boost::json::value, StepOutcome> answer(const HttpResponse& r,
                                                     boost::json::array* withheld = nullptr,
                                                     const boost::json::storage_ptr& storage = {});

}  // namespace cartgate::shop
