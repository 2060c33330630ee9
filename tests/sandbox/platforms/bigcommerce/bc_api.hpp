#pragma once

#include <string>
#include <vector>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// Serves /stores/<hash>/<parts...> (parts[0] is "v2" or "v3"). `base` is the API origin the
/// answers link to; `verdict` the store's rate-limit/fault decision for this request.
/// The caller holds the store's mutex.
cartgate::http::Response handle(Store& store, const cartgate::http::Request& request,
                                const std::vector<std::string>& parts, const std::string& base,
                                Dispatcher& dispatcher, const ApiVerdict& verdict, Time now);

}  // namespace sandbox::bc
