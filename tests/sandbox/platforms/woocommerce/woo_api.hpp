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
  WebhookRoute() = default;
  WebhookRoute(cartgate::http::Response r, std::optional<cartgate::HttpRequest> p,
               std::optional<std::int64_t> updated = std::nullopt)
      : response(std::move(r)), ping(std::move(p)), updated_order(updated) {}

  cartgate::http::Response response;
  std::optional<cartgate::HttpRequest> ping;
  // An order saved through the API: WooCommerce fires order.updated for it.
  std::optional<std::int64_t> updated_order;
  // A product saved through the API: product.updated.
  std::optional<std::int64_t> updated_product;
  // A customer saved through the API: customer.updated; added: customer.created.
  std::optional<std::int64_t> updated_customer, created_customer;
};

/// Serves one request to a WooCommerce store. `route` is the path below the site
/// ("/wp-json/wc/v3/orders"); `home_url` the site URL for this connection's scheme.
/// The caller holds the store's mutex.
WebhookRoute handle(Store& store, const cartgate::http::Request& request, std::string_view route,
                    bool tls, const std::string& home_url, Time now);

}  // namespace sandbox::woo
