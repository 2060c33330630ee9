#pragma once
// The outcome of mapping one platform object: the schema v1 entity, or why it could not be
// mapped. Connectors' mapping functions return Mapped<T>; a read step turns it into a
// MappedEntity (any of the four entities) and hands that to sdk::PageItems (a list page) or to
// entity_json (a single record).

#include <string>
#include <utility>
#include <variant>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <cartgate/schema/event.hpp>

namespace cartgate::sdk {

template <class T>
using Mapped = std::variant<T, std::string>;

using MappedEntity = std::variant<EntityData, std::string>;

template <class T>
MappedEntity any_entity(Mapped<T>&& mapped) {
  if (auto* reason = std::get_if<std::string>(&mapped)) return std::move(*reason);
  return EntityData(std::get<T>(std::move(mapped)));
}

/// The entity as schema JSON, built in `sp`: the storage of the platform document it was
/// mapped from, so a record and its mapped form live and die together in one arena. On a
/// mapping failure null, with `error` set to the reason.
boost::json::value entity_json(const MappedEntity& mapped, std::string& error,
                               const boost::json::storage_ptr& sp = {});

}  // namespace cartgate::sdk
