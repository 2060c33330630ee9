#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "model/store.hpp"

namespace sandbox::woo {

struct Links {
  std::string home_url;  // the site URL of the connection's scheme
};

std::string_view status_name(OrderState s);
std::optional<OrderState> status_from(std::string_view name);
std::string_view product_status_name(ProductStatus s);

/// `dp`: decimals of money strings (the `dp` parameter; default the store's price decimals).
boost::json::object render_order(const Store& store, const Order& o, const Links& l, int dp);
boost::json::object render_customer(const Store& store, const Customer& c, const Links& l);
boost::json::object render_product(const Store& store, const Product& p, const Links& l);
boost::json::object render_webhook(const Store& store, const Subscription& s, const Links& l);

}  // namespace sandbox::woo
