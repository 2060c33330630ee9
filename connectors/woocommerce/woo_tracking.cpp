#include "woo_tracking.hpp"

#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::woo {

namespace json = boost::json;

TrackingMeta tracking_meta(const json::value& order) {
  TrackingMeta out;
  const auto* o = order.if_object();
  const auto* meta = o != nullptr ? o->if_contains("meta_data") : nullptr;
  if (meta == nullptr || !meta->is_array()) return out;
  for (const auto& entry : meta->get_array()) {
    const auto* e = entry.if_object();
    const auto* key = e != nullptr ? e->if_contains("key") : nullptr;
    if (key == nullptr || !key->is_string() || key->get_string() != kTrackingMetaKey) continue;
    out.found = true;
    const auto* value = e->if_contains("value");
    out.items = value != nullptr ? value->if_array() : nullptr;
    if (const auto* id = e->if_contains("id"); id != nullptr && id->is_int64()) {
      out.meta_id = id->get_int64();
    }
    // update_meta_data() by key rewrites the first entry with it: that one counts.
    return out;
  }
  return out;
}

sdk::LineUnits tracked_units(const json::value& item) {
  sdk::LineUnits out;
  const auto* o = item.if_object();
  const auto* lines = o != nullptr ? o->if_contains(kTrackingLinesKey) : nullptr;
  if (lines == nullptr || !lines->is_array()) return out;
  for (const auto& l : lines->get_array()) {
    const auto* line = l.if_object();
    const auto* id = line != nullptr ? line->if_contains("line_item_id") : nullptr;
    const auto* quantity = line != nullptr ? line->if_contains("quantity") : nullptr;
    auto text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
    if (text && quantity != nullptr && quantity->is_int64() && quantity->get_int64() > 0) {
      out[*text] += quantity->get_int64();
    }
  }
  return out;
}

sdk::LineUnits shipped_units(const TrackingMeta& meta) {
  sdk::LineUnits out;
  if (meta.items == nullptr) return out;
  for (const auto& item : *meta.items) {
    for (const auto& [line, units] : tracked_units(item))
      out[line] += units;
  }
  return out;
}

}  // namespace cartgate::woo
