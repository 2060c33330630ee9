#pragma once
// store.capabilities: what each platform can do through this gateway, as its connector
// declares it: entities with their verbs and filters, how each event type arrives (webhook,
// poll, unsupported) and the platform's rate-limit model. For one store, one platform, or
// every loaded platform.

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> store_capabilities(CallContext& call);

}  // namespace cartgate::api
