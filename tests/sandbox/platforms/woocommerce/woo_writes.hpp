#pragma once
// WooCommerce REST API v3 writes to orders: update (POST/PUT/PATCH orders/<id>) and order
// notes (orders/<id>/notes), as the CRUD and order-notes controllers answer them.

#include <optional>
#include <string>
#include <vector>

#include "http/message.hpp"
#include "model/store.hpp"
#include "platforms/woocommerce/woo_render.hpp"

namespace sandbox::woo {

struct WriteAnswer {
  cartgate::http::Response response;
  std::optional<std::int64_t> updated_order;  // saved: WooCommerce fires order.updated for it
};

/// True for the methods WordPress routes to a write (WP_REST_Server::EDITABLE/CREATABLE).
bool is_write_method(std::string_view method);

/// The API key's permissions (WC_REST_Authentication::check_permissions), from the store's
/// `key_permissions` setting: read, write or read_write (the default). The refusal, if any.
std::optional<cartgate::http::Response> refused_by_key(const Store& store, std::string_view method);

/// orders/<id> (`item` = "<id>") or orders/<id>/notes[/<note id>] with a write method; GET of
/// the notes too. nullopt: no such route.
std::optional<WriteAnswer> order_write(Store& store, const cartgate::http::Request& request,
                                       const std::string& item, const Links& links, Time now);

}  // namespace sandbox::woo
