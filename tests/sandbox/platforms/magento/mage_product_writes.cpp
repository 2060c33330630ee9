// Product writes as Magento 2.4 carries them out. Sources (magento/magento2):
//  - app/code/Magento/Catalog/etc/webapi.xml: PUT /V1/products/:sku is
//    ProductRepositoryInterface::save and needs Magento_Catalog::products;
//  - Model/ProductRepository.php, save(): the product is loaded by SKU and the fields sent are
//    set on it (what is left out stays); every save sets updated_at. The SKU's store code
//    decides the scope: `all` saves the default (global) values;
//  - Framework/Webapi/ServiceInputProcessor.php: a custom attribute without a value is
//    refused ("Error occurred during "custom_attributes" processing. Value is not set for
//    attribute code ...", magento/magento2#10807); a property the interface has no setter for
//    is refused;
//  - Model/Product/Price/SpecialPriceStorage.php, delete(), and
//    Model/ResourceModel/Product/Price/SpecialPrice.php, delete(): each row is checked (a SKU
//    of a product type with special prices, store 0 while prices are global, a price not below
//    0, dates as Y-m-d H:i:s); a failed row is answered in the list of failed items, not as
//    an error, and the others go. A row removes the SKU's special price and its dates at that
//    store whatever price it names, straight from the attribute tables: updated_at stays.
// The sandbox keeps one price and one sale per product: Magento's price attribute is the
// compare-at price while a special price below it is set, and the special price is what
// customers pay.
#include "platforms/magento/mage_product_writes.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <variant>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "platforms/magento/mage_render.hpp"
#include "platforms/magento/mage_reply.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

// ProductInterface fields the sandbox takes without modelling them (a client that sends the
// product it read back sends them all).
constexpr std::array<std::string_view, 10> kKeptAsTheyAre{
    "id",         "attribute_set_id", "type_id",
    "created_at", "updated_at",       "weight",
    "options",    "product_links",    "media_gallery_entries",
    "tier_prices"};

Product* by_sku(Store& store, std::string_view sku) {
  for (auto& p : store.products) {
    if (p.sku == sku) return &p;
  }
  return nullptr;
}

// A price as Magento's webapi takes a float: a JSON number or numeric text, in minor units.
std::optional<std::int64_t> minor_units(const json::value& v, const Store& store) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  if (v.is_string()) return decimal_minor_units(v.get_string(), digits);
  if (v.is_int64() && v.get_int64() >= 0) {
    std::int64_t units = v.get_int64();
    for (int i = 0; i < digits; ++i)
      units *= 10;
    return units;
  }
  if (v.is_double() && v.get_double() >= 0 && v.get_double() < 1e12) {
    return std::llround(v.get_double() * std::pow(10.0, digits));
  }
  return std::nullopt;
}

Response invalid_type(const std::string& field, const char* type) {
  return error(400,
               "The \"%1\" value's type is invalid. The \"%2\" type was expected. Verify and try "
               "again.",
               json::array{json::string(field), type});
}

// What one PUT sets, checked before anything changes.
struct ProductChange {
  std::optional<std::int64_t> price, special, qty;
  std::optional<int> status, visibility;
  std::optional<std::string> name;
};

std::variant<ProductChange, Response> read_change(const json::object& product, const Store& store) {
  ProductChange c;
  for (const auto& [key, value] : product) {
    if (key == "sku") continue;  // checked by the caller
    if (key == "price") {
      c.price = minor_units(value, store);
      if (!c.price) return invalid_type("price", "float");
    } else if (key == "status" || key == "visibility") {
      const int most = key == "status" ? 2 : 4;
      if (!value.is_int64() || value.get_int64() < 1 || value.get_int64() > most) {
        return error(400, "Invalid value of \"%1\" provided for the %2 field.",
                     json::array{json::serialize(value), json::string(key)});
      }
      (key == "status" ? c.status : c.visibility) = static_cast<int>(value.get_int64());
    } else if (key == "name" && value.is_string()) {
      c.name = std::string(value.get_string());
    } else if (key == "custom_attributes" && value.is_array()) {
      for (const auto& attribute : value.get_array()) {
        const auto* a = attribute.if_object();
        const auto* code = a != nullptr ? a->if_contains("attribute_code") : nullptr;
        if (code == nullptr || !code->is_string())
          return invalid_type("custom_attributes", "array");
        const auto* v = a->if_contains("value");
        if (v == nullptr || v->is_null()) {
          return error(400,
                       "Error occurred during \"custom_attributes\" processing. Value is not set "
                       "for attribute code \"%1\"",
                       json::array{*code});
        }
        if (code->get_string() != "special_price") continue;  // kept, not modelled
        if (v->is_string() && v->get_string().empty()) {
          return error(501, "The sandbox does not model an empty special_price.");
        }
        c.special = minor_units(*v, store);
        if (!c.special) return invalid_type("special_price", "float");
      }
    } else if (key == "extension_attributes" && value.is_object()) {
      const auto* item = value.get_object().if_contains("stock_item");
      const auto* qty =
          item != nullptr && item->is_object() ? item->get_object().if_contains("qty") : nullptr;
      if (qty != nullptr) {
        if (!qty->is_number()) return invalid_type("qty", "float");
        c.qty = static_cast<std::int64_t>(qty->to_number<double>());
      }
    } else if (std::find(kKeptAsTheyAre.begin(), kKeptAsTheyAre.end(), key) ==
               kKeptAsTheyAre.end()) {
      return error(400, "Property \"%1\" does not have accessor method \"%2\" in class \"%3\".",
                   json::array{json::string(key), "get" + std::string(key),
                               "Magento\\Catalog\\Api\\Data\\ProductInterface"});
    }
  }
  return c;
}

void apply(Product& p, const ProductChange& c, Time now) {
  // Magento's two attributes as the sandbox holds them.
  // (-1: no special price.)
  const std::int64_t price = c.price.value_or(p.compare_at.value_or(p.price));
  const std::int64_t special = c.special.value_or(p.compare_at ? p.price : -1);
  // Customers pay the lower of the two; a special price not below the price shows no sale.
  const bool on_sale = special >= 0 && special < price;
  p.price = on_sale ? special : price;
  p.compare_at = on_sale ? std::optional<std::int64_t>(price) : std::nullopt;
  if (c.status) {
    const int visibility = c.visibility.value_or(p.status == ProductStatus::archived ? 1 : 4);
    p.status = *c.status == 1    ? ProductStatus::active
               : visibility == 1 ? ProductStatus::archived
                                 : ProductStatus::draft;
  }
  if (c.name) p.name = *c.name;
  if (c.qty) {
    p.stock = *c.qty;
    p.manage_stock = true;
  }
  p.updated = now;
}

Response save(Store& store, Product& p, const Request& request, Time now) {
  if (auto refused = denied(store, "Magento_Catalog::products")) return *refused;
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) return error(400, "Decoding error.");
  const auto* product = body.as_object().if_contains("product");
  if (product == nullptr || !product->is_object()) {
    return error(400, "\"%fieldName\" is required. Enter and try again.",
                 json::object{{"fieldName", "product"}});
  }
  if (const auto* sku = product->get_object().if_contains("sku");
      sku != nullptr && (!sku->is_string() || sku->get_string() != p.sku)) {
    return error(501, "The sandbox does not model renaming a SKU.");
  }
  auto change = read_change(product->get_object(), store);
  if (auto* refused = std::get_if<Response>(&change)) return std::move(*refused);
  apply(p, std::get<ProductChange>(change), now);
  return reply(200, render_product(store, p));
}

bool is_datetime(std::string_view text) {
  return text.size() == 19 && text[4] == '-' && text[7] == '-' && text[10] == ' ' &&
         text[13] == ':' && text[16] == ':' &&
         parse_iso(std::string(text).replace(10, 1, "T") + "Z");
}

Response delete_special_prices(Store& store, const Request& request) {
  boost::system::error_code ec;
  const json::value body = json::parse(request.body, ec);
  const auto* prices = !ec && body.is_object() ? body.as_object().if_contains("prices") : nullptr;
  if (prices == nullptr || !prices->is_array()) {
    return error(400, "Invalid input data format. Expected an array of prices.");
  }
  json::array failed;
  const auto text = [](const json::object& row, const char* key) {
    const auto* v = row.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  for (const auto& item : prices->get_array()) {
    const auto* row = item.if_object();
    if (row == nullptr)
      return error(400, "Invalid input data format. Expected an array of prices.");
    const std::string sku = text(*row, "sku");
    const auto* store_id = row->if_contains("store_id");
    const auto* price = row->if_contains("price");
    json::object parameters{{"SKU", sku},
                            {"storeId", store_id != nullptr ? *store_id : json::value(nullptr)},
                            {"priceFrom", text(*row, "price_from")},
                            {"priceTo", text(*row, "price_to")}};
    const auto fail = [&](std::string message, json::object extra = {}) {
      for (auto& [k, v] : extra)
        parameters[k] = v;
      failed.push_back(json::object{{"message", std::move(message)}, {"parameters", parameters}});
    };
    const std::size_t failures = failed.size();
    const std::string row_id =
        " Row ID: SKU = %SKU, Store ID: %storeId, Price From: %priceFrom, Price To: %priceTo.";
    Product* p = by_sku(store, sku);
    // Configurable products take their prices from their children: no special price of their own.
    if (p == nullptr || !p->variants.empty()) {
      fail("The product that was requested doesn't exist. Verify the product and try again." +
           row_id);
    }
    if (store_id == nullptr || !store_id->is_int64() || store_id->get_int64() != 0) {
      fail("Could not change non global Price when price scope is global." + row_id);
    }
    // The webapi reads the float from a number or numeric text.
    if (price == nullptr || !minor_units(*price, store)) {
      fail("Invalid attribute Price = %price." + row_id,
           {{"price", price != nullptr ? *price : json::value(nullptr)}});
    }
    for (const auto& [key, label] :
         {std::pair{"price_from", "Price From"}, {"price_to", "Price To"}}) {
      const std::string date = text(*row, key);
      if (!date.empty() && !is_datetime(date)) {
        fail("Invalid attribute %label = %priceTo." + row_id, {{"label", label}});
      }
    }
    if (failed.size() != failures) continue;  // a failed row is left out, the others go
    if (p->compare_at) {
      p->price = *p->compare_at;
      p->compare_at.reset();
    }
  }
  return reply(200, failed);
}

}  // namespace

std::optional<Response> product_write(Store& store, const Request& request, const std::string& path,
                                      Time now) {
  if (request.method == "POST" && path == "products/special-price-delete") {
    if (auto refused = denied(store, "Magento_Catalog::catalog")) return *refused;
    return delete_special_prices(store, request);
  }
  if (request.method != "PUT" || !path.starts_with("products/")) return std::nullopt;
  const std::string sku = rawurldecode(path.substr(9));
  if (sku.find('/') != std::string::npos) return std::nullopt;
  Product* p = by_sku(store, sku);
  if (p == nullptr) {
    return error(404,
                 "The product that was requested doesn't exist. Verify the product and try again.");
  }
  return save(store, *p, request, now);
}

}  // namespace sandbox::mage
