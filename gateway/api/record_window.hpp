#pragma once
// The date bounds of a list that its platform does not apply (EntityCapability::date_bounds):
// left out of the connector call and applied by the gateway to the records that come back.

#include <optional>
#include <vector>

#include <boost/json/array.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema/event.hpp>

namespace cartgate::api {

/// Bounds on the records' created_at and updated_at: `_from` inclusive, `_to` exclusive, as
/// everywhere in the read API. Unset bounds hold everything.
struct RecordWindow {
  std::optional<Timestamp> created_from, created_to, modified_from, modified_to;

  bool empty() const noexcept {
    return !created_from && !created_to && !modified_from && !modified_to;
  }
  bool contains(const EntityHeader& h) const noexcept;
};

/// Moves the bounds of `query` that `cap` does not apply out of the query, into the window.
RecordWindow take_unapplied_bounds(ReadQuery& query, const EntityCapability& cap);

/// The first bound set in `query` that `cap` does not apply, if any.
std::optional<DateBound> first_unapplied_bound(const ReadQuery& query, const EntityCapability& cap);

/// Drops the records outside `window`, and their platform objects in `raw` (index for index,
/// when present).
void keep_within(const RecordWindow& window, std::vector<EntityData>& entities,
                 boost::json::array& raw);

}  // namespace cartgate::api
