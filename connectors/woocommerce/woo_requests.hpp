#pragma once
// Authenticated WooCommerce REST v3 requests, the way the site's hosting lets them through
// (class-wc-rest-authentication.php): over HTTPS the consumer key and secret as HTTP Basic, or
// in the query string where the host drops the Authorization header; otherwise OAuth 1.0a
// one-legged, its parameters in the query string, signed for the site's own home URL (which a
// proxy terminating TLS, or a www/non-www mismatch, makes differ from the URL the gateway
// calls). The store settings `auth` and `signing_url` say which; the probe finds them out.

#include <optional>
#include <string>
#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::woo {

enum class Auth { basic, query_string, oauth };

/// The store's `auth` setting; without one, Basic over HTTPS and OAuth over HTTP.
Auth auth_of(const StoreContext& store);
std::string_view auth_name(Auth auth);
std::optional<Auth> auth_named(std::string_view name);

/// <method> <base_url>/wp-json/wc/v3/<route>?<query> with an optional JSON body, signed for the
/// store; `index` tells apart requests sent in the same step (each needs its own OAuth nonce).
HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string body,
                    int index);

/// The same, authenticated as `auth` (the probe tries each in turn).
HttpRequest request_as(const StoreContext& store, const CallEnvironment& env, Auth auth,
                       std::string_view method, std::string_view route,
                       const sdk::QueryParams& query, std::string body, int index);

/// GET <base_url>/wp-json/wc/v3/<route>?<query>, signed for the store.
HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query);

/// GET <base_url>/wp-json/: the unauthenticated index naming the site's home URL.
HttpRequest site_index(const StoreContext& store);

}  // namespace cartgate::woo
