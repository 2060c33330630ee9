#pragma once
// Shipments on WooCommerce, which has none of its own: the order meta `_wc_shipment_tracking_items`
// that the WooCommerce Shipment Tracking extension keeps (and Advanced Shipment Tracking, the
// most installed free tracking plugin, reads and writes the same way), one item per shipment:
// {tracking_provider, custom_tracking_provider, custom_tracking_link, tracking_number,
// date_shipped (Unix seconds as text), tracking_id}. The extension has no field for the lines a
// shipment holds; the gateway adds `cartgate_line_items` [{line_item_id, quantity}] to the
// items it writes, which the plugins leave alone. Reading only: no I/O.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/value.hpp>

#include <cartgate/sdk/write_params.hpp>

namespace cartgate::woo {

inline constexpr std::string_view kTrackingMetaKey = "_wc_shipment_tracking_items";
inline constexpr std::string_view kTrackingLinesKey = "cartgate_line_items";

/// The order's tracking meta entry: its items (nullptr: none) and the meta entry's id, which a
/// write names so that WooCommerce updates that entry rather than adding one.
struct TrackingMeta {
  const boost::json::array* items = nullptr;
  std::optional<std::int64_t> meta_id;
  bool found = false;  // the key is there (items == nullptr then: its value is no list)
};
TrackingMeta tracking_meta(const boost::json::value& order);

/// The units per order line an item ships (none for an item the gateway did not write).
sdk::LineUnits tracked_units(const boost::json::value& item);

/// The units per order line every item ships.
sdk::LineUnits shipped_units(const TrackingMeta& meta);

}  // namespace cartgate::woo
