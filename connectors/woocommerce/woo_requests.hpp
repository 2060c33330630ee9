#pragma once
// Authenticated WooCommerce REST v3 requests. Over HTTPS the consumer key and secret go as
// HTTP Basic; over plain HTTP WooCommerce only accepts OAuth 1.0a one-legged signatures,
// computed against the site's home URL (the store's base URL) and every query parameter.

#include <string>
#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::woo {

/// <method> <base_url>/wp-json/wc/v3/<route>?<query> with an optional JSON body, signed for the
/// store; `index` tells apart requests sent in the same step (each needs its own OAuth nonce).
HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string body,
                    int index);

/// GET <base_url>/wp-json/wc/v3/<route>?<query>, signed for the store.
HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query);

}  // namespace cartgate::woo
