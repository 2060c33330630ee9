#pragma once
// The write API: operations that change an entity on the store, the same request on every
// platform, exactly once from the caller's view (Idempotency-Key). docs/writes.md.

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

/// order.update: a status in the normalized vocabulary and/or a private merchant note.
boost::asio::awaitable<Outcome> order_update(CallContext& call);

/// order.shipment.add: lines shipped (partial shipments), tracking number, carrier and link.
boost::asio::awaitable<Outcome> order_shipment_add(CallContext& call);

/// product.update: price and compare-at price, status, stock of a product without variants.
boost::asio::awaitable<Outcome> product_update(CallContext& call);
/// product.variant.update: price and compare-at price, stock of one variant of a product.
boost::asio::awaitable<Outcome> product_variant_update(CallContext& call);
/// customer.update: name, e-mail address, phone of one customer.
boost::asio::awaitable<Outcome> customer_update(CallContext& call);
/// customer.add: a new customer by e-mail address, with name and phone.
boost::asio::awaitable<Outcome> customer_add(CallContext& call);

}  // namespace cartgate::api
