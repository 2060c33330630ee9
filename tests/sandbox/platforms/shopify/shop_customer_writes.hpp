#pragma once
// Shopify customer writes over the GraphQL Admin API: customerUpdate and customerCreate (names,
// e-mail address, phone).

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/graphql.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// The value of Mutation field `s` when it is customerUpdate or customerCreate; nullopt for
/// other fields. Without
/// write_customers the field is null with an ACCESS_DENIED error in `errors`; input the sandbox
/// does not model is null with an error too. Caller holds the store lock.
std::optional<boost::json::value> customer_mutation(Store& store, Dispatcher& dispatcher,
                                                    const graphql::Selection& s,
                                                    const boost::json::object& args,
                                                    const std::vector<std::string>& scopes,
                                                    Time now, std::vector<graphql::Error>& errors);

/// What customerUpdate and customerCreate answer, every part filled: the shape their selections
/// are checked against before anything runs. nullopt for other fields.
std::optional<boost::json::value> customer_mutation_shape(const Store& store,
                                                          const std::string& field);

}  // namespace sandbox::shop
