#pragma once
// Magento 2 customer writes over REST: PUT customers/<id> (CustomerRepositoryInterface::save).

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

/// PUT customers/<id> (`path` without "V1/"); nullopt for other routes. Caller holds the store
/// lock and has authenticated the request.
std::optional<cartgate::http::Response> customer_write(Store& store,
                                                       const cartgate::http::Request& request,
                                                       const std::string& path, Time now);

}  // namespace sandbox::mage
