#pragma once

#include <string_view>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// Serves /admin/api/<version>/graphql.json for one shop. The caller holds the store's mutex.
cartgate::http::Response handle(Store& store, const cartgate::http::Request& request,
                                std::string_view route, Dispatcher& dispatcher,
                                const ApiVerdict& verdict, Time now);

}  // namespace sandbox::shop
