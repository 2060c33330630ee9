#pragma once
// BigCommerce webhooks (webhooks.v3.yml, docs/integrations/webhooks): /v3/hooks CRUD, thin
// payloads {scope, store_id, data:{type,id}, hash, created_at, producer}, custom headers echoed,
// Standard Webhooks signatures with the app's client secret, 11 retries over ~48 h, then the
// hook is deactivated.

#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// /v3/hooks[/<id>]; `parts` starts with "hooks".
cartgate::http::Response handle_hooks(Store& store, const cartgate::http::Request& request,
                                      const std::vector<std::string>& parts, Time now);

/// An event happened: deliver to every active hook whose scope covers it (store/order/* covers
/// store/order/created). `data` is the thin payload's data object. Caller holds the store lock.
void notify(Store& store, Dispatcher& dispatcher, const std::string& scope,
            boost::json::object data, Time now);

}  // namespace sandbox::bc
