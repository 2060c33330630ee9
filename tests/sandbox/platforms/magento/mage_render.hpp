#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include <boost/json/value.hpp>

#include "model/store.hpp"

namespace sandbox::mage {

/// "000000003": an order's or a shipment's number as Magento formats it.
std::string increment_id(std::int64_t id);

/// Magento's order state and status codes for a neutral order.
std::pair<std::string, std::string> state_and_status(const Order& o);
std::pair<std::string, std::string> state_and_status(OrderState state);

boost::json::object render_order(const Store& store, const Order& o);
boost::json::object render_customer(const Store& store, const Customer& c);
boost::json::object render_product(const Store& store, const Product& p);
/// A cart as carts/search lists it: no totals.
boost::json::object render_cart(const Store& store, const Cart& c);
/// GET /V1/carts/{id}/totals.
boost::json::object render_totals(const Store& store, const Cart& c);

}  // namespace sandbox::mage
