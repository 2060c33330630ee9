#pragma once
// Shopify fulfillment holds over the GraphQL Admin API: fulfillmentOrderHold and
// fulfillmentOrderReleaseHold on an order's fulfillment order.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/graphql.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// The value of Mutation field `s` when it is fulfillmentOrderHold or
/// fulfillmentOrderReleaseHold; nullopt for other fields. Without a write_*_fulfillment_orders
/// scope the field is null with an ACCESS_DENIED error in `errors`. Caller holds the store lock.
std::optional<boost::json::value> hold_mutation(Store& store, Dispatcher& dispatcher,
                                                const graphql::Selection& s,
                                                const boost::json::object& args,
                                                const std::vector<std::string>& scopes, Time now,
                                                std::vector<graphql::Error>& errors);

/// What the hold mutations answer, every part filled, for checking a selection before it runs;
/// nullopt for other fields.
std::optional<boost::json::value> hold_mutation_shape(const std::string& field);

}  // namespace sandbox::shop
