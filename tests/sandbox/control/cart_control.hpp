#pragma once
// Control API for carts, as a shopper moves through a storefront:
//   POST carts                      {"customer_id"?, "email"?, "lines"?}  a new cart
//   POST carts/<id>                 {"email"?, "lines"?}                  more lines, an email
//   POST carts/<id>/abandon                                               the shopper leaves
//   POST carts/<id>/convert                                               checkout: an order
// Each change fires the platform's cart (and order) webhooks through change_events.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "control/change_events.hpp"
#include "http/message.hpp"

namespace sandbox::control {

/// `parts` are the path segments after the store id, starting with "carts".
cartgate::http::Response handle_carts(ChangeContext& c, const std::vector<std::string>& parts,
                                      const boost::json::object& body);

}  // namespace sandbox::control
