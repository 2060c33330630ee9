#pragma once
// BigCommerce v3 customer writes: PUT /v3/customers with a list of customers by id and POST
// /v3/customers with a list of new ones (names, e-mail address, phone), the Customers scope
// that allows them, and the webhooks the saves fire.

#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// PUT /v3/customers. Caller holds the store lock; `base` is the API origin for the webhooks.
cartgate::http::Response update_customers(Store& store, const cartgate::http::Request& request,
                                          const std::string& base, Dispatcher& dispatcher,
                                          Time now);

/// PUT (by address id) or POST (by customer_id) /v3/customers/addresses. Caller holds the
/// store lock.
cartgate::http::Response write_addresses(Store& store, const cartgate::http::Request& request,
                                         Time now);

/// POST /v3/customers. Caller holds the store lock; `base` is the API origin for the webhooks.
cartgate::http::Response create_customers(Store& store, const cartgate::http::Request& request,
                                          const std::string& base, Dispatcher& dispatcher,
                                          Time now);

}  // namespace sandbox::bc
