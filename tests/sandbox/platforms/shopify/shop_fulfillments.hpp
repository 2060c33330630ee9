#pragma once
// Shopify fulfillment orders and fulfillments over the GraphQL Admin API: an order's
// fulfillmentOrders (one per order here: one location) with their line items and what is left of
// each, its fulfillments, and the fulfillmentCreate mutation that ships some or all of them.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/graphql.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// The FulfillmentOrderStatus of an order's one fulfillment order: OPEN, IN_PROGRESS, ON_HOLD
/// or CLOSED.
std::string fulfillment_order_status(const Order& o);
/// The order whose fulfillment order the gid `id` names, if the store has it.
Order* order_of_fulfillment_order(Store& store, const boost::json::value* id);
/// FulfillmentOrder.fulfillmentHolds: the holds apps placed, or the merchant's.
boost::json::array fulfillment_holds(const Order& o);
/// A write_*_fulfillment_orders scope's ACCESS_DENIED error for field `s`.
graphql::Error fulfillment_access_denied(const graphql::Selection& s);
/// Whether `scopes` hold a scope that starts with `verb` and ends with _fulfillment_orders.
bool holds_any(const std::vector<std::string>& scopes, std::string_view verb);

/// Order.fulfillmentOrders: a connection of FulfillmentOrder nodes.
boost::json::object fulfillment_orders(const Order& o);
/// Order.fulfillments: a list of Fulfillment objects, oldest first.
boost::json::array fulfillments(const Order& o);

/// Whether `scopes` let the app read fulfillment orders (read_merchant_managed_,
/// read_assigned_ or read_third_party_fulfillment_orders).
bool reads_fulfillment_orders(const std::vector<std::string>& scopes);

/// The value of Mutation field `s` when it is fulfillmentCreate; nullopt for other fields.
/// Without a write_*_fulfillment_orders scope the field is null with an ACCESS_DENIED error in
/// `errors`. Caller holds the store lock.
std::optional<boost::json::value> fulfillment_mutation(Store& store, Dispatcher& dispatcher,
                                                       const graphql::Selection& s,
                                                       const boost::json::object& args,
                                                       const std::vector<std::string>& scopes,
                                                       Time now,
                                                       std::vector<graphql::Error>& errors);

/// What fulfillmentCreate answers, every part filled, for checking a selection before it runs;
/// nullopt for other fields.
std::optional<boost::json::value> fulfillment_mutation_shape(const std::string& field);

}  // namespace sandbox::shop
