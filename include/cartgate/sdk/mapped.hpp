#pragma once
// The outcome of mapping one platform object: the schema v1 entity, or why it could not be
// mapped. Connectors' mapping functions return it; entity_json turns it into the JSON a read
// result carries.

#include <string>
#include <variant>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>

namespace cartgate::sdk {

template <class T>
using Mapped = std::variant<T, std::string>;

/// The entity as schema JSON; on a mapping failure null, with `error` set to the reason.
template <class T>
boost::json::value entity_json(const Mapped<T>& mapped, std::string& error) {
  if (const auto* e = std::get_if<std::string>(&mapped)) {
    error = *e;
    return nullptr;
  }
  return boost::json::value_from(std::get<T>(mapped));
}

}  // namespace cartgate::sdk
