#include "api/record_window.hpp"

#include <array>
#include <utility>

namespace cartgate::api {

namespace {

using BoundSlot = std::pair<DateBound, std::optional<Timestamp> ReadQuery::*>;
constexpr std::array<BoundSlot, 4> kQuerySlots{{
    {DateBound::created_from, &ReadQuery::created_from},
    {DateBound::created_to, &ReadQuery::created_to},
    {DateBound::modified_from, &ReadQuery::modified_from},
    {DateBound::modified_to, &ReadQuery::modified_to},
}};

bool within(const Timestamp& t, const std::optional<Timestamp>& from,
            const std::optional<Timestamp>& to) noexcept {
  return (!from || t >= *from) && (!to || t < *to);
}

}  // namespace

bool RecordWindow::contains(const EntityHeader& h) const noexcept {
  return within(h.created_at, created_from, created_to) &&
         within(h.updated_at, modified_from, modified_to);
}

RecordWindow take_unapplied_bounds(ReadQuery& query, const EntityCapability& cap) {
  RecordWindow window;
  std::array<std::optional<Timestamp>*, 4> slots{&window.created_from, &window.created_to,
                                                 &window.modified_from, &window.modified_to};
  for (std::size_t i = 0; i < kQuerySlots.size(); ++i) {
    auto& bound = query.*kQuerySlots[i].second;
    if (!bound || applies(cap, kQuerySlots[i].first)) continue;
    *slots[i] = bound;
    bound.reset();
  }
  return window;
}

std::optional<DateBound> first_unapplied_bound(const ReadQuery& query,
                                               const EntityCapability& cap) {
  for (const auto& [bound, member] : kQuerySlots) {
    if ((query.*member).has_value() && !applies(cap, bound)) return bound;
  }
  return std::nullopt;
}

void keep_within(const RecordWindow& window, std::vector<EntityData>& entities,
                 boost::json::array& raw) {
  if (window.empty()) return;
  const bool paired = raw.size() == entities.size();
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (!window.contains(header_of(entities[i]))) continue;
    if (kept != i) {
      entities[kept] = std::move(entities[i]);
      if (paired) raw[kept] = std::move(raw[i]);
    }
    ++kept;
  }
  entities.erase(entities.begin() + static_cast<std::ptrdiff_t>(kept), entities.end());
  if (paired) raw.erase(raw.begin() + static_cast<std::ptrdiff_t>(kept), raw.end());
}

}  // namespace cartgate::api
