#pragma once
// The outcome of mapping one platform object: the schema v1 entity, or why it could not be
// mapped. Connectors' mapping functions return it; entity_json turns it into the JSON a read
// result carries, built in `sp`: the storage of the platform document it was mapped from, so
// the page's records and their mapped forms live and die together in one arena.

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
boost::json::value entity_json(const Mapped<T>& mapped, std::string& error,
                               const boost::json::storage_ptr& sp = {}) {
  if (const auto* e = std::get_if<std::string>(&mapped)) {
    error = *e;
    return nullptr;
  }
  return boost::json::value_from(std::get<T>(mapped), sp);
}

}  // namespace cartgate::sdk
