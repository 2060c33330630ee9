#pragma once
// BigCommerce v2 order shipments: POST /v2/orders/{id}/shipments creates one (some units of
// some order products, a tracking number, a provider or carrier), GET lists them; the order's
// status follows what is shipped and the webhooks report both.

#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// POST /v2/orders/{id}/shipments. Caller holds the store lock and has checked the scope.
cartgate::http::Response create_shipment(Store& store, const cartgate::http::Request& request,
                                         std::int64_t order_id, const std::string& base,
                                         Dispatcher& dispatcher, Time now);

/// GET /v2/orders/{id}/shipments: every shipment of the order, oldest first; 204 when none.
cartgate::http::Response list_shipments(const Store& store, const Order& order,
                                        const std::string& base);

}  // namespace sandbox::bc
