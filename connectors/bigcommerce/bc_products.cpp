// product.update on BigCommerce, step by step:
//   1. GET /v3/catalog/products/<id>?include=variants when a price or the stock changes: which
//      field holds which price depends on the product's sale, and a product whose stock is
//      counted per variant has no product stock to set;
//   2. PUT /v3/catalog/products/<id>?include=variants {"price", "sale_price", "is_visible",
//      "availability", "inventory_tracking": "product", "inventory_level"}: values, not
//      increments, so a repeat changes nothing and a retry after an unknown outcome needs no
//      reading back. The answer ({"data": product}) is mapped as product.info maps it.
// product.variant.update: the same GET (the product's own prices are what a variant without
// prices of its own inherits, and its inventory_tracking says whether variant stock counts),
// then PUT /v3/catalog/products/<id>/variants/<variant id> {"price", "sale_price",
// "inventory_level"}, then the product read again with its variants.
// Prices: BigCommerce charges the sale price when one is set (sale_price above 0), else the
// price; the compare-at price is `price` while a sale price is set. A variant's null price or
// sale price is the product's. Catalog prices are JSON numbers: they are written from the
// decimal text, never through a double.
#include "bc_products.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "bc_mapping.hpp"
#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

// The PUT's body: the fields as JSON, then the prices as number literals of their exact text.
struct ProductPut {
  json::object fields;
  std::optional<std::string> price, sale_price;

  std::string text() const {
    std::string out = json::serialize(fields);
    out.pop_back();  // the closing brace
    for (const auto& [key, value] : {std::pair{"price", &price}, {"sale_price", &sale_price}}) {
      if (!*value) continue;
      if (out.size() > 1) out += ',';
      out.append("\"").append(key).append("\":").append(**value);
    }
    return out + '}';
  }
};

// The request's visibility and stock (prices are added once the product is known).
ProductPut status_and_stock(const sdk::ProductUpdateParams& u) {
  ProductPut put;
  // active: shown and for sale; draft: hidden; archived: hidden and not for sale.
  if (!u.status.empty()) {
    put.fields["is_visible"] = u.status == "active";
    put.fields["availability"] = u.status == "archived" ? "disabled" : "available";
  }
  if (u.stock_quantity) {
    // The level only counts while the product's stock is tracked by product: turned on with it.
    put.fields["inventory_tracking"] = "product";
    put.fields["inventory_level"] = *u.stock_quantity;
  }
  return put;
}

const sdk::QueryParams& with_variants() {
  static const sdk::QueryParams query{{"include", "variants"}};
  return query;
}

std::string product_path(const sdk::ProductUpdateParams& u) {
  return "/v3/catalog/products/" + u.id;
}

StepOutcome put(const StepInput& in, const sdk::ProductUpdateParams& u, const ProductPut& body) {
  return StepOutcome::need(
      {request(in.store, "PUT", product_path(u), with_variants(), body.text())},
      R"({"product":"put"})");
}

std::optional<Money> money_field(const json::object& product, std::string_view key,
                                 const std::string& currency) {
  const auto* v = product.if_contains(key);
  if (v == nullptr) return std::nullopt;
  auto text = sdk::decimal_text(*v);
  return text ? parse_money(*text, currency) : std::nullopt;
}

// Whether the product counts its stock per variant (options make variants of their own).
bool stock_by_variant(const json::object& product) {
  if (sdk::string_field(product, "inventory_tracking") == "variant") return true;
  const auto* variants = product.if_contains("variants");
  return variants != nullptr && variants->is_array() && variants->get_array().size() > 1;
}

// price and sale_price for the prices the write leaves, from the product (and the variant
// written, if any) as it is.
std::variant<ProductPut, StepOutcome> prices(const StepInput& in, const sdk::ProductUpdateParams& u,
                                             const json::object& product,
                                             const json::object* variant, ProductPut put) {
  if (!u.price && !u.compare_at_given) return put;
  const auto currency = in.store.settings.find("currency");
  if (currency == in.store.settings.end()) {
    return sdk::write_not_possible(
        "The store's currency is not known, so its prices cannot be written.");
  }
  auto listed = money_field(product, "price", currency->second);
  auto sale = money_field(product, "sale_price", currency->second);
  if (!listed || !sale) return sdk::malformed(kName, "the product's prices are not decimals");
  if (variant != nullptr) {
    // A variant's own prices, where it has them, over the product's.
    if (auto own = money_field(*variant, "price", currency->second)) listed = own;
    if (auto own = money_field(*variant, "sale_price", currency->second)) sale = own;
  }
  const bool on_sale = sale->minor_units > 0;
  const sdk::ProductPrices now{on_sale ? sale : listed, on_sale ? listed : std::optional<Money>()};
  auto after = sdk::prices_after(u, now, currency->second, kName,
                                 "BigCommerce would charge the sale price and show no sale");
  if (!after) return std::move(after.error());
  const auto& [price, compare_at] = *after;
  put.price = format_amount(compare_at ? *compare_at : *price);
  put.sale_price = compare_at ? format_amount(*price) : std::string("0");
  return put;
}

// The v3 answer's {"data": <entity>}, or the outcome its status or shape calls for.
std::variant<json::value, StepOutcome> data_answer(const StepInput& in,
                                                   std::string_view entity = "product") {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200) return refused_write(r, entity);
  auto body = sdk::json_answer(r, kName, "the " + std::string(entity), in.call.storage);
  if (!body) return std::move(body.error());
  auto* data = body->is_object() ? body->get_object().if_contains("data") : nullptr;
  if (data == nullptr || !data->is_object()) {
    return sdk::malformed(kName, "the " + std::string(entity) + " is not an object");
  }
  return std::move(*data);
}

StepOutcome after_look(const StepInput& in, const sdk::ProductUpdateParams& u) {
  auto answer = data_answer(in);
  if (auto* failed = std::get_if<StepOutcome>(&answer)) return std::move(*failed);
  const json::object& product = std::get<json::value>(answer).get_object();
  if (u.stock_quantity && stock_by_variant(product)) {
    return sdk::write_not_possible(
        "This BigCommerce product counts its stock per variant: set each variant's stock "
        "(product.variant.update) instead.");
  }
  auto set = prices(in, u, product, nullptr, status_and_stock(u));
  if (auto* refused = std::get_if<StepOutcome>(&set)) return std::move(*refused);
  return put(in, u, std::get<ProductPut>(set));
}

StepOutcome finish(const StepInput& in) {
  auto answer = data_answer(in);
  if (auto* failed = std::get_if<StepOutcome>(&answer)) return std::move(*failed);
  json::value& product = std::get<json::value>(answer);
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_product(product, in.store));
  return sdk::written_entity(mapped, std::move(product), kName);
}

std::string variant_path(const sdk::ProductUpdateParams& u) {
  return product_path(u) + "/variants/" + u.variant_id;
}

// The variant the write names among the product's (include=variants lists them all).
const json::object* variant_of(const json::object& product, const sdk::ProductUpdateParams& u) {
  const auto* variants = product.if_contains("variants");
  if (variants == nullptr || !variants->is_array()) return nullptr;
  for (const auto& v : variants->get_array()) {
    const auto* o = v.if_object();
    const auto* id = o != nullptr ? o->if_contains("id") : nullptr;
    if (id != nullptr && sdk::id_text(*id) == u.variant_id) return o;
  }
  return nullptr;
}

StepOutcome after_variant_look(const StepInput& in, const sdk::ProductUpdateParams& u) {
  auto answer = data_answer(in);
  if (auto* failed = std::get_if<StepOutcome>(&answer)) return std::move(*failed);
  const json::object& product = std::get<json::value>(answer).get_object();
  const json::object* variant = variant_of(product, u);
  if (variant == nullptr) {
    return StepOutcome::fail(
        ConnectorErrorKind::not_found,
        "BigCommerce product " + u.id + " has no variant " + u.variant_id + ".", 404);
  }
  ProductPut put;
  if (u.stock_quantity) {
    // A variant's level counts only while the product counts stock per variant; switching a
    // product over would make every other variant's (unset) level count too.
    if (sdk::string_field(product, "inventory_tracking") != "variant") {
      return sdk::write_not_possible(
          "This BigCommerce product does not count its stock per variant (inventory_tracking is "
          "not \"variant\"): set the product's stock (product.update) instead.");
    }
    put.fields["inventory_level"] = *u.stock_quantity;
  }
  auto set = prices(in, u, product, variant, std::move(put));
  if (auto* refused = std::get_if<StepOutcome>(&set)) return std::move(*refused);
  return StepOutcome::need(
      {request(in.store, "PUT", variant_path(u), {}, std::get<ProductPut>(set).text())},
      R"({"variant":"put"})");
}

// After the variant's PUT: the product again, with its variants, as product.info reads it.
StepOutcome after_variant_put(const StepInput& in, const sdk::ProductUpdateParams& u) {
  auto answer = data_answer(in, "variant");
  if (auto* failed = std::get_if<StepOutcome>(&answer)) return std::move(*failed);
  return StepOutcome::need({request(in.store, "GET", product_path(u), with_variants())},
                           R"({"variant":"read"})");
}

}  // namespace

StepOutcome product_update_step(const StepInput& in) {
  auto params = sdk::product_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ProductUpdateParams& u = *params;
  if (in.state.empty()) {
    if (!u.price && !u.compare_at_given && !u.stock_quantity) {
      return put(in, u, status_and_stock(u));
    }
    return StepOutcome::need({request(in.store, "GET", product_path(u), with_variants())},
                             R"({"product":"look"})");
  }
  auto state = sdk::write_state(in, "product", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  StepOutcome next = phase == "look"  ? after_look(in, u)
                     : phase == "put" ? finish(in)
                                      : sdk::lost_write_state(kName);
  return with_observations(std::move(next), in.responses);
}

StepOutcome product_variant_update_step(const StepInput& in) {
  auto params = sdk::product_variant_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ProductUpdateParams& u = *params;
  if (in.state.empty()) {
    return StepOutcome::need({request(in.store, "GET", product_path(u), with_variants())},
                             R"({"variant":"look"})");
  }
  auto state = sdk::write_state(in, "variant", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  StepOutcome next = phase == "look"   ? after_variant_look(in, u)
                     : phase == "put"  ? after_variant_put(in, u)
                     : phase == "read" ? finish(in)
                                       : sdk::lost_write_state(kName);
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
