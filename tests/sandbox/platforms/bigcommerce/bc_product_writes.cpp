// Product updates as BigCommerce's v3 Catalog API takes them. Sources:
//  - bigcommerce/docs reference/catalog/products_catalog.v3.yml, updateProduct and the
//    product_Base_PUT schema: price, sale_price, retail_price and cost_price are numbers >= 0;
//    inventory_level an integer 0..2147483647 that counts only with inventory_tracking
//    "product"; inventory_tracking one of none, product, variant; is_visible a boolean;
//    availability one of available, disabled, preorder; the answer is {"data": product,
//    "meta": {}}; an invalid body is a 422 whose `errors` object names each field;
//  - the same schema's sale_price: "if entered, the sale price will be used instead of value
//    in the price field" (so a sale price at or above the price is still what is charged);
//  - the same file's read-only fields (id, date_created, date_modified, calculated_price,
//    base_variant_id);
//  - docs/integrations/webhooks/events/index.mdx, Products: store/product/updated fires for a
//    product's change, store/product/inventory/updated when its stock level changes;
//  - docs/start/about/status-codes.mdx: 403 when the app lacks the OAuth scope;
//  - reference/catalog/product-variants_catalog.v3.yml, updateProductVariant and
//    productVariant_Put: price, sale_price, retail_price, cost_price numbers >= 0 or null (null:
//    the product's value is used), inventory_level used while the product's inventory_tracking
//    is "variant"; the answer is {"data": variant, "meta": {}};
//  - docs/integrations/webhooks/events/index.mdx, SKUs: a variant's change fires
//    store/sku/updated ({type: "sku", id, sku: {product_id, variant_id}}), its level's change
//    store/sku/inventory/updated while stock is tracked by variant; store/product/updated is
//    listed for the product's own fields only.
#include "platforms/bigcommerce/bc_product_writes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <variant>

#include <boost/json/parse.hpp>

#include <cartgate/schema/money.hpp>

#include "control/change_events.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"
#include "platforms/bigcommerce/bc_webhooks.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr std::int64_t kMostStock = 2147483647;

// product_Base_PUT fields the sandbox does not model: taken by BigCommerce, refused here so a
// test cannot believe it changed them.
constexpr std::array<std::string_view, 12> kUnmodelled{
    "name",     "type",      "sku",        "description", "weight",      "categories",
    "brand_id", "map_price", "custom_url", "variants",    "is_featured", "inventory_warning_level"};
constexpr std::array<std::string_view, 5> kReadOnly{"id", "date_created", "date_modified",
                                                    "calculated_price", "base_variant_id"};

Response invalid(std::string_view field, std::string reason) {
  return v3_error(422, "JSON data is missing or invalid",
                  json::object{{"errors", json::object{{field, std::move(reason)}}}});
}

// A JSON number as minor units of the store's currency (BigCommerce keeps four decimals; the
// sandbox rounds to the currency's).
std::optional<std::int64_t> minor_units(const json::value& v, const Store& store) {
  double amount = 0;
  if (v.is_int64()) {
    amount = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    amount = static_cast<double>(v.get_uint64());
  } else if (v.is_double()) {
    amount = v.get_double();
  } else {
    return std::nullopt;
  }
  if (!(amount >= 0) || amount > 1e12) return std::nullopt;
  return std::llround(amount * std::pow(10.0, cartgate::minor_unit_digits(store.currency)));
}

// The Products scope: read_only (the store setting products_scope) refuses every write.
std::optional<Response> without_products_scope(const Store& store) {
  if (auto it = store.settings.find("products_scope");
      it != store.settings.end() && it->second == "read_only") {
    return v3_error(403, "You don't have a required scope to access the endpoint");
  }
  return std::nullopt;
}

// The body as a JSON object, or the 422 BigCommerce answers for anything else.
std::variant<json::object, Response> object_body(const Request& request) {
  boost::system::error_code ec;
  json::value parsed = json::parse(request.body, ec);
  if (ec || !parsed.is_object()) {
    return v3_error(422, "JSON data is missing or invalid",
                    json::object{{"errors", json::object{}}});
  }
  return std::move(parsed.get_object());
}

// An inventory_level: an integer >= 0; above the limit, the store keeps the limit.
std::optional<std::int64_t> inventory_level(const json::value& value) {
  if (!value.is_int64() || value.get_int64() < 0) return std::nullopt;
  return std::min(value.get_int64(), kMostStock);
}

// BigCommerce's price and sale_price as the model keeps them: what a customer pays (the sale
// price when one above 0 is entered) and, on sale, the price struck through.
void set_prices(std::int64_t& pays, std::optional<std::int64_t>& compare_at, std::int64_t price,
                std::int64_t sale) {
  pays = sale > 0 ? sale : price;
  compare_at = sale > 0 ? std::optional<std::int64_t>(price) : std::nullopt;
}

Product* find(Store& store, std::int64_t id) {
  for (auto& p : store.products) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

// productVariant_Put fields the sandbox does not model.
constexpr std::array<std::string_view, 16> kUnmodelledVariantFields{"sku",
                                                                    "weight",
                                                                    "width",
                                                                    "height",
                                                                    "depth",
                                                                    "is_free_shipping",
                                                                    "upc",
                                                                    "mpn",
                                                                    "gtin",
                                                                    "image_url",
                                                                    "option_values",
                                                                    "bin_picking_number",
                                                                    "map_price",
                                                                    "purchasing_disabled",
                                                                    "purchasing_disabled_message",
                                                                    "inventory_warning_level"};
constexpr std::array<std::string_view, 5> kVariantReadOnly{"id", "product_id", "sku_id",
                                                           "calculated_price", "calculated_weight"};

}  // namespace

Response update_product(Store& store, const Request& request, std::int64_t id, bool with_variants,
                        const std::string& base, Dispatcher& dispatcher, Time now) {
  if (auto refused = without_products_scope(store)) return std::move(*refused);
  Product* product = find(store, id);
  if (product == nullptr) return v3_error(404, "Product not found");
  auto body = object_body(request);
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  // As it is now: what each field the request leaves alone keeps.
  std::int64_t price = product->compare_at.value_or(product->price);
  std::int64_t sale = product->compare_at ? product->price : 0;
  bool visible = product->status == ProductStatus::active;
  std::string availability = product->status == ProductStatus::archived ? "disabled" : "available";
  std::string tracking = product->manage_stock ? "product" : "none";
  std::int64_t stock = product->stock;
  for (const auto& [key, value] : std::get<json::object>(body)) {
    if (key == "price" || key == "sale_price" || key == "retail_price" || key == "cost_price") {
      auto minor = minor_units(value, store);
      if (!minor) return invalid(key, "must be a number greater than or equal to 0");
      if (key == "price") price = *minor;
      if (key == "sale_price") sale = *minor;
    } else if (key == "inventory_level") {
      auto level = inventory_level(value);
      if (!level) return invalid(key, "must be an integer greater than or equal to 0");
      stock = *level;
    } else if (key == "inventory_tracking") {
      // Not a ternary with "": that would make a json::string temporary the view outlives.
      std::string_view v;
      if (value.is_string()) v = value.get_string();
      if (v != "none" && v != "product" && v != "variant") {
        return invalid(key, "must be one of none, product, variant");
      }
      tracking = v;
    } else if (key == "is_visible") {
      if (!value.is_bool()) return invalid(key, "must be a boolean");
      visible = value.get_bool();
    } else if (key == "availability") {
      // Not a ternary with "": that would make a json::string temporary the view outlives.
      std::string_view v;
      if (value.is_string()) v = value.get_string();
      if (v != "available" && v != "disabled" && v != "preorder") {
        return invalid(key, "must be one of available, disabled, preorder");
      }
      availability = v;
    } else if (std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end()) {
      continue;  // read-only: left as it is
    } else if (std::find(kUnmodelled.begin(), kUnmodelled.end(), key) != kUnmodelled.end()) {
      return v3_error(501, "The sandbox does not model writing '" + std::string(key) + "'.");
    } else {
      return invalid(key, "is not a product field");
    }
  }
  const std::int64_t stock_before = product->stock;
  set_prices(product->price, product->compare_at, price, sale);
  product->manage_stock = tracking != "none";
  product->stock = stock;
  product->status = availability == "disabled" ? ProductStatus::archived
                    : visible                  ? ProductStatus::active
                                               : ProductStatus::draft;
  product->updated = now;
  ChangeContext changed{store, dispatcher, base, now};
  entity_changed(changed, "product", "updated", product->id);
  if (product->stock != stock_before) {
    notify(store, dispatcher, "store/product/inventory/updated",
           json::object{{"type", "product"},
                        {"id", product->id},
                        {"inventory", json::object{{"product_id", product->id},
                                                   {"method", "absolute"},
                                                   {"value", product->stock}}}},
           now);
  }
  return reply(200, json::object{{"data", render_product(store, *product, with_variants)},
                                 {"meta", json::object{}}});
}

Response update_variant(Store& store, const Request& request, std::int64_t product_id,
                        std::int64_t variant_id, Dispatcher& dispatcher, Time now) {
  if (auto refused = without_products_scope(store)) return std::move(*refused);
  Product* product = find(store, product_id);
  if (product == nullptr) return v3_error(404, "Product not found");
  auto variant = std::find_if(product->variants.begin(), product->variants.end(),
                              [&](const Variant& v) { return v.id == variant_id; });
  if (variant == product->variants.end()) return v3_error(404, "Variant not found");
  auto body = object_body(request);
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  std::int64_t price = variant->compare_at.value_or(variant->price);
  std::int64_t sale = variant->compare_at ? variant->price : 0;
  std::int64_t stock = variant->stock;
  for (const auto& [key, value] : std::get<json::object>(body)) {
    if (key == "price" || key == "sale_price" || key == "retail_price" || key == "cost_price") {
      // null: the product's value. The sandbox copies it, as it keeps no inheritance.
      const std::int64_t inherited = key == "price" ? product->compare_at.value_or(product->price)
                                     : key == "sale_price" && product->compare_at ? product->price
                                                                                  : 0;
      auto minor =
          value.is_null() ? std::optional<std::int64_t>(inherited) : minor_units(value, store);
      if (!minor) return invalid(key, "must be a number greater than or equal to 0");
      if (key == "price") price = *minor;
      if (key == "sale_price") sale = *minor;
    } else if (key == "inventory_level") {
      auto level = inventory_level(value);
      if (!level) return invalid(key, "must be an integer greater than or equal to 0");
      stock = *level;
    } else if (std::find(kVariantReadOnly.begin(), kVariantReadOnly.end(), key) !=
               kVariantReadOnly.end()) {
      continue;
    } else if (std::find(kUnmodelledVariantFields.begin(), kUnmodelledVariantFields.end(), key) !=
               kUnmodelledVariantFields.end()) {
      return v3_error(501, "The sandbox does not model writing '" + std::string(key) + "'.");
    } else {
      return invalid(key, "is not a variant field");
    }
  }
  const std::int64_t stock_before = variant->stock;
  set_prices(variant->price, variant->compare_at, price, sale);
  variant->stock = stock;
  // The product's date_modified moves with its variants, which is what polling sees.
  product->updated = now;
  // The sandbox's SKU ids are the variant ids.
  notify(
      store, dispatcher, "store/sku/updated",
      json::object{{"type", "sku"},
                   {"id", variant->id},
                   {"sku", json::object{{"product_id", product->id}, {"variant_id", variant->id}}}},
      now);
  if (variant->stock != stock_before && product->manage_stock) {
    notify(store, dispatcher, "store/sku/inventory/updated",
           json::object{{"type", "sku"},
                        {"id", variant->id},
                        {"inventory", json::object{{"product_id", product->id},
                                                   {"method", "absolute"},
                                                   {"value", variant->stock},
                                                   {"variant_id", variant->id}}}},
           now);
  }
  // Named: a range-for over a member of the temporary would outlive it.
  json::object whole = render_product(store, *product, true);
  json::object rendered;
  for (auto& v : whole.at("variants").as_array()) {
    if (v.at("id") == json::value(variant->id)) rendered = std::move(v.as_object());
  }
  return reply(200, json::object{{"data", std::move(rendered)}, {"meta", json::object{}}});
}

}  // namespace sandbox::bc
