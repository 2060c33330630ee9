#pragma once
// WooCommerce REST API v3 customer updates (POST/PUT/PATCH customers/<id>), as
// WC_REST_Customers_V1_Controller::update_item() validates and saves them: names, the account's
// e-mail address and the billing phone.

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "platforms/woocommerce/woo_render.hpp"

namespace sandbox::woo {

struct CustomerWriteAnswer {
  cartgate::http::Response response;
  std::optional<std::int64_t> updated_customer;  // saved: WooCommerce fires customer.updated
};

/// customers/<id> (`item`) with a write method; nullopt for any other route.
std::optional<CustomerWriteAnswer> customer_write(Store& store,
                                                  const cartgate::http::Request& request,
                                                  const std::string& item, const Links& links,
                                                  Time now);

}  // namespace sandbox::woo
