// Product updates as WooCommerce answers them. Sources (woocommerce/woocommerce,
// plugins/woocommerce):
//  - includes/rest-api/Controllers/Version2/class-wc-rest-products-v2-controller.php,
//    get_item_schema(): status is one of get_post_statuses() and future; regular_price and
//    sale_price are strings; manage_stock a boolean; stock_quantity an integer. WordPress
//    checks these before the controller runs;
//  - the same file, prepare_object_for_database(): prices are set only on products that are not
//    variable or grouped (a variable product's prices are its variations'; sent to the parent,
//    they are ignored without a word); stock_quantity only counts while the product manages its
//    stock (manage_stock in the same request, or already on);
//  - includes/abstracts/abstract-wc-product.php, validate_props(): a sale price that is not
//    below the regular price is dropped on save, and the active price is the sale price while
//    there is one;
//  - class-wc-rest-crud-controller.php, update_item(): an unknown id is 400
//    woocommerce_rest_product_invalid_id "Invalid ID.". The save fires product.updated.
#include "platforms/woocommerce/woo_product_writes.hpp"

#include <algorithm>
#include <array>
#include <variant>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "platforms/woocommerce/woo_reply.hpp"
#include "platforms/woocommerce/woo_writes.hpp"

namespace sandbox::woo {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

// get_post_statuses() and future, as the schema's enum lists them.
constexpr std::array<std::string_view, 5> kStatuses{"draft", "pending", "private", "publish",
                                                    "future"};

Response not_modelled(const std::string& what) {
  return wp_error(501, "sandbox_not_emulated", "The sandbox does not model " + what + ".");
}

// The arguments WordPress validates against the schema, before the product is looked up.
std::optional<Response> invalid_argument(const json::object& params) {
  for (const char* name : {"regular_price", "sale_price"}) {
    const auto* v = params.if_contains(name);
    if (v != nullptr && !v->is_null() && !v->is_string()) {
      return invalid_param(name, std::string(name) + " is not of type string.");
    }
  }
  if (const auto* v = params.if_contains("status"); v != nullptr && !v->is_null()) {
    if (!v->is_string()) return invalid_param("status", "status is not of type string.");
    if (std::find(kStatuses.begin(), kStatuses.end(), v->get_string()) == kStatuses.end()) {
      return invalid_param("status",
                           "status is not one of draft, pending, private, publish, and future.");
    }
  }
  if (const auto* v = params.if_contains("manage_stock"); v && !v->is_null() && !v->is_bool()) {
    return invalid_param("manage_stock", "manage_stock is not of type boolean.");
  }
  if (const auto* v = params.if_contains("stock_quantity"); v && !v->is_null() && !v->is_int64()) {
    return invalid_param("stock_quantity", "stock_quantity is not of type integer.");
  }
  return std::nullopt;
}

// The product as the request leaves it, or what the sandbox cannot model.
std::variant<Product, Response> updated(const Store& store, Product p, const json::object& params) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  if (p.variants.empty()) {
    std::int64_t regular = p.compare_at.value_or(p.price);
    std::optional<std::int64_t> sale = p.compare_at ? std::optional(p.price) : std::nullopt;
    if (const auto* v = params.if_contains("regular_price"); v && v->is_string()) {
      auto units = decimal_minor_units(v->get_string(), digits);
      if (!units) return not_modelled("a regular price of '" + std::string(v->get_string()) + "'");
      regular = *units;
    }
    if (const auto* v = params.if_contains("sale_price"); v && v->is_string()) {
      if (v->get_string().empty()) {
        sale.reset();
      } else {
        auto units = decimal_minor_units(v->get_string(), digits);
        if (!units) return not_modelled("a sale price of '" + std::string(v->get_string()) + "'");
        sale = *units;
      }
    }
    if (sale && *sale >= regular) sale.reset();  // validate_props()
    p.price = sale.value_or(regular);
    p.compare_at = sale ? std::optional(regular) : std::nullopt;
  }
  if (const auto* v = params.if_contains("status"); v && v->is_string()) {
    const std::string_view s = v->get_string();
    if (s == "publish") {
      p.status = ProductStatus::active;
    } else if (s == "private") {
      p.status = ProductStatus::archived;
    } else if (s == "draft") {
      p.status = ProductStatus::draft;
    } else {
      return not_modelled("the " + std::string(s) + " status");
    }
  }
  if (const auto* v = params.if_contains("manage_stock"); v && v->is_bool()) {
    p.manage_stock = v->get_bool();
  }
  if (const auto* v = params.if_contains("stock_quantity"); v && v->is_int64() && p.manage_stock) {
    p.stock = v->get_int64();
  }
  return p;
}

bool same(const Product& a, const Product& b) {
  return a.price == b.price && a.compare_at == b.compare_at && a.status == b.status &&
         a.manage_stock == b.manage_stock && a.stock == b.stock;
}

}  // namespace

std::optional<ProductWriteAnswer> product_write(Store& store, const Request& request,
                                                const std::string& item, const Links& links,
                                                Time now) {
  std::int64_t id = 0;
  if (!is_write_method(request.method) || !parse_int(item, id) || id <= 0) return std::nullopt;
  json::object params;
  if (auto bad = read_body(request, params)) return ProductWriteAnswer{std::move(*bad), {}};
  if (auto bad = invalid_argument(params)) return ProductWriteAnswer{std::move(*bad), {}};
  Product* product = nullptr;
  for (auto& p : store.products) {
    if (p.id == id) product = &p;
  }
  if (product == nullptr) {
    return ProductWriteAnswer{wp_error(400, "woocommerce_rest_product_invalid_id", "Invalid ID."),
                              {}};
  }
  auto next = updated(store, *product, params);
  if (auto* refused = std::get_if<Response>(&next)) return ProductWriteAnswer{*refused, {}};
  Product& changed = std::get<Product>(next);
  if (!same(changed, *product)) changed.updated = now;
  *product = std::move(changed);
  return ProductWriteAnswer{reply(200, render_product(store, *product, links)), product->id};
}

}  // namespace sandbox::woo
