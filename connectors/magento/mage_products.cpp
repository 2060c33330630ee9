// product.update on Magento 2, step by step:
//   1. GET products?searchCriteria[entity_id]=<id>: the product routes go by SKU, and the
//      product's type, price, special price and status decide what is written;
//   2. when a running sale ends: POST /rest/all/V1/products/special-price-delete with the SKU at
//      store 0 (Magento's price API, made for this: a product save refuses a custom attribute
//      without a value, magento/magento2#10807, and has read an empty one as 0, #8274). A row
//      it cannot take comes back in a list of failed items with 200, not as an error;
//   3. PUT /rest/all/V1/products/<sku> {"product": {"sku", "price", "custom_attributes":
//      [special_price], "status", "visibility", "extension_attributes": {"stock_item": {"qty",
//      "is_in_stock"}}}}: the `all` store code saves the default (global) values, where a store
//      view's code would save values of that view that shadow them. Only the fields sent change.
//      The save also moves updated_at, which the price API alone does not: polling sees it. The
//      answer is the product, mapped as product.info maps it.
// Prices: customers pay the special price while it is below the price, which is then struck
// through; prices are sent as decimal text (Magento's webapi reads a float from it), never
// through a double. Values, not increments: a repeat sets the same values again.
#include "mage_products.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/url.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_mapping.hpp"
#include "mage_requests.hpp"

namespace cartgate::mage {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "Magento";
constexpr std::string_view kGlobalScope = "all";

// Magento's own figures for the product, as the look read them.
struct Held {
  std::string sku;
  std::optional<Money> price, special;
  bool archived = false;  // disabled and not visible on its own
};

std::variant<Held, StepOutcome> held_product(const json::value& product,
                                             const sdk::ProductUpdateParams& u,
                                             const std::string& currency) {
  sdk::Fields f(&product, "product");
  Held held;
  held.sku = f.text("sku").value_or("");
  if (held.sku.empty()) return sdk::malformed(kName, "the product has no SKU");
  const std::string type = f.text("type_id").value_or("simple");
  if ((u.price || u.compare_at_given || u.stock_quantity) && type != "simple" &&
      type != "virtual" && type != "downloadable") {
    return sdk::write_not_possible("This Magento product is " + type +
                                   ": its prices and stock are its children's products' (set "
                                   "each with product.variant.update).");
  }
  held.archived = f.integer("status").value_or(1) == 2 && f.integer("visibility").value_or(4) == 1;
  if (!currency.empty()) {
    held.price = f.money("price", currency);
    if (const auto* attributes = f.array("custom_attributes")) {
      for (const auto& a : *attributes) {
        sdk::Fields attribute(&a, "custom attribute");
        if (attribute.text("attribute_code") == "special_price") {
          held.special = attribute.money("value", currency);
        }
      }
    }
  }
  return held;
}

// The PUT's product: the status, the stock, and the prices the write leaves.
std::variant<json::object, StepOutcome> product_body(const sdk::ProductUpdateParams& u,
                                                     const Held& held,
                                                     const std::string& currency) {
  json::object product{{"sku", held.sku}};
  // active: enabled; draft: disabled; archived: disabled and not visible on its own. Leaving
  // the archive makes it visible again (catalog and search); otherwise visibility stays.
  if (!u.status.empty()) {
    product["status"] = u.status == "active" ? 1 : 2;
    if (u.status == "archived") {
      product["visibility"] = 1;
    } else if (held.archived) {
      product["visibility"] = 4;
    }
  }
  if (u.stock_quantity) {
    product["extension_attributes"] =
        json::object{{"stock_item", json::object{{"qty", *u.stock_quantity},
                                                 {"is_in_stock", *u.stock_quantity > 0}}}};
  }
  if (!u.price && !u.compare_at_given) return product;
  if (currency.empty()) {
    return sdk::write_not_possible(
        "The store's currency is not known (setting 'currency'), so its prices cannot be "
        "written.");
  }
  if (!held.price) return sdk::malformed(kName, "the product's price is not a decimal");
  const bool on_sale = held.special && held.special->minor_units < held.price->minor_units;
  const sdk::ProductPrices now{on_sale ? held.special : held.price,
                               on_sale ? held.price : std::optional<Money>()};
  auto after =
      sdk::prices_after(u, now, currency, kName, "Magento would charge the price and show no sale");
  if (!after) return std::move(after.error());
  if (after->compare_at) {
    product["price"] = format_amount(*after->compare_at);
    product["custom_attributes"] = json::array{
        json::object{{"attribute_code", "special_price"}, {"value", format_amount(*after->price)}}};
  } else {
    product["price"] = format_amount(*after->price);
  }
  return product;
}

HttpRequest put(const StepInput& in, const std::string& sku, const json::object& product) {
  return request_in(in.store, in.env, kGlobalScope, "PUT", "products/" + sdk::percent_encode(sku),
                    {}, json::serialize(json::object{{"product", product}}));
}

StepOutcome after_look(const StepInput& in, const sdk::ProductUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200) return refused_write(r, "product");
  auto body = sdk::json_answer(r, kName, "the product search", in.call.storage);
  if (!body) return std::move(body.error());
  const auto* items = body->is_object() ? body->get_object().if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array()) return sdk::malformed(kName, "no items");
  if (items->get_array().empty() || !items->get_array().front().is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Magento has no such product.", 404);
  }
  const auto currency = in.store.settings.find("currency");
  const std::string code = currency != in.store.settings.end() ? currency->second : "";
  auto found = held_product(items->get_array().front(), u, code);
  if (auto* refused = std::get_if<StepOutcome>(&found)) return std::move(*refused);
  const Held& held = std::get<Held>(found);
  auto body_of = product_body(u, held, code);
  if (auto* refused = std::get_if<StepOutcome>(&body_of)) return std::move(*refused);
  json::object& product = std::get<json::object>(body_of);
  // A special price the write leaves no place for (a sale ends, or one not below the price
  // that shows none) goes first, through the price API.
  if (held.special && (u.price || u.compare_at_given) && !product.contains("custom_attributes")) {
    json::object row{{"sku", held.sku}, {"store_id", 0}, {"price", format_amount(*held.special)}};
    return StepOutcome::need(
        {request_in(in.store, in.env, kGlobalScope, "POST", "products/special-price-delete", {},
                    json::serialize(json::object{{"prices", json::array{std::move(row)}}}))},
        json::serialize(json::object{{"product", "unsale"}, {"put", std::move(product)}}));
  }
  return StepOutcome::need({put(in, held.sku, product)}, R"({"product":"put"})");
}

// After the special price's deletion: the failed rows refuse the write, else the PUT.
StepOutcome after_unsale(const StepInput& in, const json::object& state) {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200) return refused_write(r, "product");
  auto body = sdk::json_answer(r, kName, "the special price deletion", in.call.storage);
  if (!body) return std::move(body.error());
  if (!body->is_array()) return sdk::malformed(kName, "the failed items are not a list");
  if (!body->get_array().empty()) {
    const auto* failed = body->get_array().front().if_object();
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "Magento rejected the write: " +
                                 (failed != nullptr ? filled_message(*failed) : std::string()) +
                                 ".",
                             r.status);
  }
  const auto* product = state.if_contains("put");
  const auto* sku = product != nullptr && product->is_object()
                        ? product->get_object().if_contains("sku")
                        : nullptr;
  if (sku == nullptr || !sku->is_string()) return sdk::lost_write_state(kName);
  return StepOutcome::need({put(in, std::string(sku->get_string()), product->get_object())},
                           R"({"product":"put"})");
}

StepOutcome finish(const StepInput& in) {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200) return refused_write(r, "product");
  auto body = sdk::json_answer(r, kName, "the product", in.call.storage);
  if (!body) return std::move(body.error());
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_product(*body, in.store));
  return sdk::written_entity(mapped, std::move(*body), kName);
}

}  // namespace

StepOutcome product_update_step(const StepInput& in) {
  auto params = sdk::product_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ProductUpdateParams& u = *params;
  if (in.state.empty()) {
    SearchCriteria sc;
    sc.filter("entity_id", u.id, "eq").page(1, 1);
    return StepOutcome::need({get(in.store, in.env, "products", sc.params())},
                             R"({"product":"look"})");
  }
  auto state = sdk::write_state(in, "product", kName);
  if (!state) return std::move(state.error());
  if (state->phase == "look") return after_look(in, u);
  if (state->phase == "unsale") return after_unsale(in, state->fields);
  if (state->phase == "put") return finish(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::mage
