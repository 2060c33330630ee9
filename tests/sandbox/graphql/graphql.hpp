#pragma once
// A small GraphQL engine for the Shopify emulation: parses executable documents (operations,
// variables with defaults, aliases, arguments of every literal kind, named and inline
// fragments, @include/@skip) and projects selections onto a JSON object graph.
//
// The graph: every object node is a JSON object carrying "__typename"; a connection is a JSON
// object {"__connection": [nodes...], "__keys": [cursor keys...]} that projection pages with
// first/after/last/before and exposes as edges/nodes/pageInfo. Root fields and mutations are
// resolved by the caller (they need arguments and data access), then projected here.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace sandbox::graphql {

/// The extensions.code of a field withheld by Request::withhold.
inline constexpr std::string_view kAccessDenied = "ACCESS_DENIED";

struct Location {
  int line = 1;
  int column = 1;
};

struct ValueNode {
  enum class Kind { literal, variable, list, object } kind = Kind::literal;
  boost::json::value literal;  // literal (enums as strings)
  std::string variable;
  std::vector<ValueNode> items;
  std::vector<std::pair<std::string, ValueNode>> fields;
};

struct Selection {
  enum class Kind { field, spread, inline_fragment } kind = Kind::field;
  std::string alias;  // empty: the field name
  std::string name;   // field name, or fragment name for spreads
  std::vector<std::pair<std::string, ValueNode>> arguments;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, ValueNode>>>> directives;
  std::string type_condition;  // inline fragments
  std::vector<Selection> selections;
  Location location;

  const std::string& key() const { return alias.empty() ? name : alias; }
};

struct VariableDefinition {
  std::string name;
  std::string type;  // as written, e.g. "String!"
  std::optional<ValueNode> default_value;
};

struct Operation {
  std::string kind = "query";  // query | mutation | subscription
  std::string name;
  std::vector<VariableDefinition> variables;
  std::vector<Selection> selections;
};

struct Fragment {
  std::string type_condition;
  std::vector<Selection> selections;
};

struct Document {
  std::vector<Operation> operations;
  std::map<std::string, Fragment> fragments;
};

struct Error {
  std::string message;
  Location location;
  std::vector<std::string> path;
  boost::json::object extensions;
};

/// Parses a document; on a syntax error returns nullopt and sets `error`.
std::optional<Document> parse(std::string_view text, Error& error);

/// Picks the operation to run (by name, or the only one) and checks variables.
struct Request {
  const Document* document = nullptr;
  const Operation* operation = nullptr;
  boost::json::object variables;  // with defaults applied
  /// What this caller may not see: given the parent type, the field and its value, a message
  /// when the value is withheld. A withheld field projects as null next to an ACCESS_DENIED
  /// error with its full path, and the rest of the answer stands (Shopify's protected
  /// customer data).
  std::function<std::optional<std::string>(std::string_view type, std::string_view field,
                                           const boost::json::value& value)>
      withhold;
};
std::optional<Request> prepare(const Document& doc, const std::string& operation_name,
                               const boost::json::object& variables, Error& error);

/// Evaluates an argument (variables substituted).
boost::json::value evaluate(const ValueNode& v, const boost::json::object& variables);
/// The arguments of a field as a JSON object.
boost::json::object arguments(const Selection& s, const boost::json::object& variables);

/// Field selections of a selection set once fragments, inline fragments and @skip/@include are
/// applied for an object of type `type_name`.
std::vector<const Selection*> collect(const std::vector<Selection>& selections,
                                      const std::string& type_name, const Request& request);

/// Projects `selections` onto object `node`; errors (unknown fields, missing selections) are
/// appended to `errors` with their path.
boost::json::value project(const std::vector<Selection>& selections, const boost::json::value& node,
                           const Request& request, std::vector<std::string>& path,
                           std::vector<Error>& errors);

/// A connection node for the graph (see above). `keys` are the cursor keys of the nodes, which
/// must be in ascending order (pad numbers so that text order is numeric order).
boost::json::object connection(boost::json::array nodes, std::vector<std::string> keys);

/// Shopify-style cost of a selection set: objects cost 1, scalars 0, a connection 2 plus its
/// page size (first/last, else `default_page`) times the cost of one node. With `actual`, page
/// sizes come from `result` (what was returned) instead of the arguments.
int cost(const std::vector<Selection>& selections, const Request& request,
         const boost::json::value* actual = nullptr);

boost::json::object to_json(const Error& e);

}  // namespace sandbox::graphql
