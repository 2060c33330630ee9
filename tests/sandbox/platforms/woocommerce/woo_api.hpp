#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::woo {

/// Serves one request to a WooCommerce store. `route` is the path below the site
/// ("/wp-json/wc/v3/orders"); `home_url` the site URL for this connection's scheme.
/// The caller holds the store's mutex.
cartgate::http::Response handle(Store& store, const cartgate::http::Request& request,
                                std::string_view route, bool tls, const std::string& home_url,
                                Time now);

}  // namespace sandbox::woo
