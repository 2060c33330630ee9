#pragma once
// WooCommerce REST API v3 product updates (POST/PUT/PATCH products/<id>), as
// WC_REST_Products_V2_Controller validates and saves them: prices, status and stock.

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "platforms/woocommerce/woo_render.hpp"

namespace sandbox::woo {

struct ProductWriteAnswer {
  cartgate::http::Response response;
  std::optional<std::int64_t> updated_product;  // saved: WooCommerce fires product.updated
};

/// products/<id> (`item`) with a write method; nullopt for any other route.
std::optional<ProductWriteAnswer> product_write(Store& store,
                                                const cartgate::http::Request& request,
                                                const std::string& item, const Links& links,
                                                Time now);

}  // namespace sandbox::woo
