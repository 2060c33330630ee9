#pragma once

#include <string_view>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

/// Serves one request to a Magento store. `route` is the path below the store's base
/// ("/rest/V1/orders"); `url` the full URL the client called, without query (what OAuth signs).
/// The caller holds the store's mutex.
cartgate::http::Response handle(Store& store, const cartgate::http::Request& request,
                                std::string_view route, std::string_view url, Time now);

}  // namespace sandbox::mage
