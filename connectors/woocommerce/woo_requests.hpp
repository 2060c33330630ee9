#pragma once
// Authenticated WooCommerce REST v3 requests. Over HTTPS the consumer key and secret go as
// HTTP Basic; over plain HTTP WooCommerce only accepts OAuth 1.0a one-legged signatures,
// computed against the site's home URL (the store's base URL) and every query parameter.

#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::woo {

/// GET <base_url>/wp-json/wc/v3/<route>?<query>, signed for the store.
HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query);

}  // namespace cartgate::woo
