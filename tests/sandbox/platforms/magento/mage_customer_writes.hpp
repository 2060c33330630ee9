#pragma once
// Magento 2 customer writes over REST: PUT customers/<id> (CustomerRepositoryInterface::save)
// and POST customers (AccountManagementInterface::createAccount).

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

/// POST customers (`path` without "V1/"): a new customer; nullopt for other routes. An
/// anonymous route on Magento: served before any authentication. Caller holds the store lock.
std::optional<cartgate::http::Response> customer_create(Store& store,
                                                        const cartgate::http::Request& request,
                                                        const std::string& path, Time now);

}  // namespace sandbox::mage
