// product.update on WooCommerce, step by step:
//   1. GET products/<id> when a price changes: a variable (or grouped) product's prices are
//      its variations', which WooCommerce ignores on the parent without a word, and the
//      product's sale decides which field holds which price;
//   2. PUT products/<id> {"regular_price", "sale_price", "status", "manage_stock": true,
//      "stock_quantity"}: values, not increments, so a repeat changes nothing and a retry after
//      an unknown outcome needs no reading back.
// Prices: the price customers pay is the sale price while the product is on sale (a sale price
// below the regular price), else the regular price; the compare-at price is the regular price
// of a product on sale. WooCommerce drops a sale price that is not below the regular price
// (WC_Product::validate_props()), so such a pair is refused before anything is sent.
#include "woo_products.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "woo_mapping.hpp"
#include "woo_requests.hpp"
#include "woo_write_support.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

std::string native_status(std::string_view normalized) {
  if (normalized == "active") return "publish";
  if (normalized == "archived") return "private";
  return "draft";
}

// The request's status and stock (prices are added once the product is known).
json::object status_and_stock(const sdk::ProductUpdateParams& u) {
  json::object body;
  if (!u.status.empty()) body["status"] = native_status(u.status);
  if (u.stock_quantity) {
    // The quantity only counts while the product manages its stock: turned on with it.
    body["manage_stock"] = true;
    body["stock_quantity"] = *u.stock_quantity;
  }
  return body;
}

StepOutcome put(const StepInput& in, const sdk::ProductUpdateParams& u, const json::object& body) {
  return StepOutcome::need(
      {request(in.store, in.env, "PUT", "products/" + u.id, {}, json::serialize(body), 0)},
      R"({"product":"put"})");
}

// regular_price and sale_price for the prices the write leaves, from the product as it is.
std::variant<json::object, StepOutcome> prices(const StepInput& in,
                                               const sdk::ProductUpdateParams& u,
                                               const json::object& product) {
  const std::string type = sdk::string_field(product, "type");
  if (type == "variable" || type == "grouped") {
    return sdk::write_not_possible(
        "A " + type +
        " WooCommerce product takes its prices from its variations (or grouped "
        "products): set them there.");
  }
  const auto currency = in.store.settings.find("currency");
  if (currency == in.store.settings.end()) {
    return sdk::write_not_possible(
        "The store's currency is not known, so its prices cannot be written.");
  }
  const std::string& cur = currency->second;
  const std::string sale = sdk::string_field(product, "sale_price");
  const auto* on_sale_value = product.if_contains("on_sale");
  const bool on_sale = !sale.empty() && on_sale_value != nullptr && on_sale_value->is_bool() &&
                       on_sale_value->get_bool();
  sdk::ProductPrices now{parse_money(sdk::string_field(product, "price"), cur), std::nullopt};
  if (on_sale) now.compare_at = parse_money(sdk::string_field(product, "regular_price"), cur);
  auto after = sdk::prices_after(u, now, cur, kName, "WooCommerce would drop the sale");
  if (!after) return std::move(after.error());
  const auto& [price, compare_at] = *after;
  return json::object{{"regular_price", format_amount(compare_at ? *compare_at : *price)},
                      {"sale_price", compare_at ? format_amount(*price) : std::string()}};
}

StepOutcome after_look(const StepInput& in, const sdk::ProductUpdateParams& u) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  auto product = sdk::json_answer(r, kName, "the product", in.call.storage);
  if (!product) return std::move(product.error());
  if (!product->is_object()) return sdk::malformed(kName, "the product is not an object");
  auto set = prices(in, u, product->get_object());
  if (auto* refused = std::get_if<StepOutcome>(&set)) return std::move(*refused);
  json::object body = status_and_stock(u);
  for (auto& [key, value] : std::get<json::object>(set))
    body[key] = value;
  return put(in, u, body);
}

StepOutcome finish(const StepInput& in) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
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
    if (!u.price && !u.compare_at_given) return put(in, u, status_and_stock(u));
    return StepOutcome::need({get(in.store, in.env, "products/" + u.id, {})},
                             R"({"product":"look"})");
  }
  auto state = sdk::write_state(in, "product", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  if (phase == "look") return after_look(in, u);
  if (phase == "put") return finish(in);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::woo
