#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <cartgate/http_message.hpp>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::woo {

/// An answer, and a request to send before giving it (the ping of a new webhook: WooCommerce
/// sends it synchronously, inside the request that creates the webhook).
struct WebhookRoute {
  cartgate::http::Response response;
  std::optional<cartgate::HttpRequest> ping;
};

/// Serves one request to a WooCommerce store. `route` is the path below the site
/// ("/wp-json/wc/v3/orders"); `home_url` the site URL for this connection's scheme.
/// The caller holds the store's mutex.
WebhookRoute handle(Store& store, const cartgate::http::Request& request, std::string_view route,
                    bool tls, const std::string& home_url, Time now);

}  // namespace sandbox::woo
