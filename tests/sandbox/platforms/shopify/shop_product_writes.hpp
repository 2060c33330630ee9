#pragma once
// Shopify product writes over the GraphQL Admin API: productUpdate (the status),
// productVariantsBulkUpdate (prices, whether stock is tracked) and inventorySetQuantities (the
// stock at a location), and QueryRoot `location`.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/graphql.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// The value of Mutation field `s` when it is one of the product writes; nullopt for other
/// fields. Without the scope it needs (write_products; write_inventory for
/// inventorySetQuantities) the field is null with an ACCESS_DENIED error in `errors`; input the
/// sandbox does not model is null with an error too. Caller holds the store lock.
std::optional<boost::json::value> product_mutation(Store& store, Dispatcher& dispatcher,
                                                   const graphql::Selection& s,
                                                   const boost::json::object& args,
                                                   const std::vector<std::string>& scopes, Time now,
                                                   std::vector<graphql::Error>& errors);

/// What a product write answers, every part filled: the shape its selection is checked
/// against before anything runs. nullopt for other fields.
std::optional<boost::json::value> product_mutation_shape(const Store& store,
                                                         const std::string& field);

/// QueryRoot `location(id:)`: the shop's one location, for no id or its own; null otherwise.
boost::json::value location_field(const boost::json::object& args);

}  // namespace sandbox::shop
