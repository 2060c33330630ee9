#pragma once
// Magento 2 shipments over REST: POST order/<id>/ship makes one (ShipOrderInterface in
// Magento\Sales\Api), GET shipment/<id> and GET shipments (searchCriteria) read them back.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

/// POST order/<id>/ship (`path` without "V1/"); nullopt when `path` is not that route. Caller
/// holds the store lock and has authenticated the request.
std::optional<cartgate::http::Response> ship_order(Store& store,
                                                   const cartgate::http::Request& request,
                                                   const std::string& path, Time now);

/// One shipment with the order it belongs to, as GET shipments lists them.
struct ShipmentOf {
  const Order* order = nullptr;
  const Shipment* shipment = nullptr;
};
std::vector<ShipmentOf> all_shipments(const Store& store);
/// A sales_shipment column's value for searchCriteria filters; nullopt for another name.
std::optional<std::string> shipment_field(const ShipmentOf& s, const std::string& field);
/// The names shipment_field knows, for the filter check.
const std::vector<std::string>& shipment_fields();

/// sales-data-shipment-interface.
boost::json::object render_shipment(const Order& order, const Shipment& shipment);

}  // namespace sandbox::mage
