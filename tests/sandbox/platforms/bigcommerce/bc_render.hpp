#pragma once

#include <string>

#include <boost/json/value.hpp>

#include "model/store.hpp"

namespace sandbox::bc {

/// The v2 status id of an order, and the status table (GET /v2/order_statuses).
int status_id(const Order& o);
/// The sandbox's state for a v2 status id (0-14).
OrderState state_of_status(int id);
std::string status_name(int id);
boost::json::array order_statuses();

/// "361.9500": v2 money, four decimals.
std::string money4(const Store& store, std::int64_t minor);
/// v3 money: a JSON number in major units.
boost::json::value money_number(const Store& store, std::int64_t minor);

/// `base`: the API origin (https://api.bigcommerce.com, or the sandbox's).
boost::json::object render_order(const Store& store, const Order& o, const std::string& base);
boost::json::object render_order_product(const Store& store, const Order& o, const Line& l);
boost::json::object render_shipping_address(const Store& store, const Order& o);
boost::json::object render_customer(const Store& store, const Customer& c, bool with_addresses);
/// A customer's one address (the sandbox keeps one per customer, its id the customer's).
boost::json::object customer_address(const Customer& c);
boost::json::object render_product(const Store& store, const Product& p, bool with_variants);
boost::json::object render_cart(const Store& store, const Cart& c);
/// A cart line item's id: a UUID on BigCommerce, stable for the sandbox's line.
std::string line_item_id(const Line& l);
boost::json::object render_hook(const Store& store, const Subscription& s);

}  // namespace sandbox::bc
