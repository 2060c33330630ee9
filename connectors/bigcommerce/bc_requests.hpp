#pragma once
// Authenticated BigCommerce API requests: <base_url><path> (the base URL holds the store hash),
// every one carrying the API account's X-Auth-Token.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::bc {

HttpRequest request(const StoreContext& store, std::string_view method, std::string_view path,
                    const sdk::QueryParams& query, std::string json_body = {});

/// What an answer's X-Rate-Limit-* headers say of the store's quota.
RateLimitObservation observe(const HttpResponse& r);
/// A non-2xx answer as an outcome; BigCommerce's 429 says when its window resets.
std::optional<StepOutcome> failure(const HttpResponse& r);
/// A refused write with what BigCommerce said (v2 errors are [{"status","message"}], v3 ones
/// {"title", "errors": {field: reason}}): the caller needs the message to fix the write. 404 is
/// the absence of the `entity` written ("order", "product").
StepOutcome refused_write(const HttpResponse& r, std::string_view entity = "order");
/// `out` with the quota each of `responses` reported.
StepOutcome with_observations(StepOutcome out, std::span<const HttpResponse> responses);

}  // namespace cartgate::bc
