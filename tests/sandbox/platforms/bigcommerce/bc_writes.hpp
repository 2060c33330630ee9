#pragma once
// BigCommerce v2 order writes: PUT /v2/orders/{id} with status_id and staff_notes, the OAuth
// scope that allows it, and the webhooks the save fires.

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// A write to orders with a token whose Orders scope is read-only (the store setting
/// `orders_scope`: "modify", the default, or "read_only") is 403; a read never is.
std::optional<cartgate::http::Response> refused_by_scope(const Store& store,
                                                         std::string_view method);

/// PUT /v2/orders/{id}. Caller holds the store lock; `base` is the API origin for the links
/// in the answer.
cartgate::http::Response update_order(Store& store, const cartgate::http::Request& request,
                                      std::int64_t id, const std::string& base,
                                      Dispatcher& dispatcher, Time now);

}  // namespace sandbox::bc
