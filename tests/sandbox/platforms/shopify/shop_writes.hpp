#pragma once
// Shopify order writes over the GraphQL Admin API: orderUpdate (the order's note), orderCancel
// (an asynchronous job) and the job root field that reports it.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "graphql/graphql.hpp"
#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::shop {

/// The value of Mutation field `s` when it is orderUpdate or orderCancel; nullopt for other
/// fields. Without the write_orders scope (in `scopes`) the field is null with an ACCESS_DENIED
/// error in `errors`. Caller holds the store lock.
std::optional<boost::json::value> order_mutation(Store& store, Dispatcher& dispatcher,
                                                 const graphql::Selection& s,
                                                 const boost::json::object& args,
                                                 const std::vector<std::string>& scopes, Time now,
                                                 std::vector<graphql::Error>& errors);

/// What orderUpdate or orderCancel answer, every part filled (an order, a job, one user error)
/// and nothing changed: the shape a mutation's selection is checked against before it runs, as
/// Shopify validates a whole document before executing any of it. nullopt for other fields.
std::optional<boost::json::value> order_mutation_shape(const Store& store,
                                                       const std::string& field);

/// A mutation's user error of GraphQL type `type` (UserError, OrderCancelUserError, ...): the
/// input path `field`, the message, and `code` (nullopt: the type has no code field; null: it
/// has one, and no value of its enum fits).
boost::json::object user_error(const char* type, boost::json::array field,
                               const std::string& message,
                               std::optional<boost::json::value> code = std::nullopt);

/// A value the schema's coercion refuses, or input the sandbox does not model: a top-level
/// error at field `s` (extensions.code `code`) in `errors`, and the null the field answers, as
/// a variable of the wrong shape is on Shopify.
boost::json::value input_refused(const graphql::Selection& s, std::vector<graphql::Error>& errors,
                                 const std::string& message, const char* code = "INVALID_VARIABLE");

/// The top-level error of a field the app's scopes do not reach: ACCESS_DENIED, with the
/// scopes `required` names (as Shopify words them: "`write_orders` access scope.").
graphql::Error access_denied(const graphql::Selection& s, const std::string& required);
/// Whether the app's granted `scopes` hold `scope`.
bool holds_scope(const std::vector<std::string>& scopes, std::string_view scope);

/// Whether a GraphQL request's document holds a mutation: everything goes by POST, so the
/// method cannot say which requests write (the `late_answer_ms` fault holds only those).
bool is_mutation(const cartgate::http::Request& request);

/// QueryRoot `job(id:)`: every job the sandbox starts is finished by the time it is asked for.
boost::json::value job_node(const boost::json::object& args);

}  // namespace sandbox::shop
