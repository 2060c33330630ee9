#pragma once
// WooCommerce REST API v3 customer writes: updates (POST/PUT/PATCH customers/<id>) and new
// customers (POST customers), as WC_REST_Customers_V1_Controller::update_item() and
// create_item() validate and save them: names, the account's e-mail address, the billing phone.

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "platforms/woocommerce/woo_render.hpp"

namespace sandbox::woo {

struct CustomerWriteAnswer {
  cartgate::http::Response response;
  std::optional<std::int64_t> updated_customer;  // saved: WooCommerce fires customer.updated
  std::optional<std::int64_t> created_customer;  // added: customer.created
};

/// POST customers: a new customer; nullopt for another method.
std::optional<CustomerWriteAnswer> customer_create(Store& store,
                                                   const cartgate::http::Request& request,
                                                   const Links& links, Time now);

/// customers/<id> (`item`) with a write method; nullopt for any other route.
std::optional<CustomerWriteAnswer> customer_write(Store& store,
                                                  const cartgate::http::Request& request,
                                                  const std::string& item, const Links& links,
                                                  Time now);

}  // namespace sandbox::woo
