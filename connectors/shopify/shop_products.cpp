// product.update and product.variant.update on Shopify, step by step:
//   1. a query for the shop's currency and primary location, and the product's first two
//      variants with their prices and inventory item (tracked, and where it is stocked): a
//      price lives on a variant, so only a product with one variant has a product price, and
//      stock lives at a location;
//   2. one mutation document with the changes, run by Shopify in order: productUpdate (the
//      status), productVariantsBulkUpdate (price, compareAtPrice, and inventoryItem.tracked
//      when stock is set on an item not counted), inventorySetQuantities ("available" at the
//      one location the item is stocked at, or the primary location when none;
//      ignoreCompareQuantity, since the request sets a value, as on the other platforms);
//   3. the product as product.info reads it.
// product.variant.update looks up the one variant instead (productVariant, with the product it
// belongs to) and sends the same variant and stock mutations; a variant has no status.
// Every change is a value, not an increment: a repeat after an unknown outcome sets the same
// values again, so no reading back is needed before it.
#include "shop_products.hpp"

#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "shop_graphql.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr double kLookCost = 20;
constexpr double kMutationCost = 10;

// What the writes need of a variant: its prices and where its inventory item is stocked.
#define CARTGATE_SHOP_VARIANT_FIELDS                                                        \
  "id price compareAtPrice inventoryItem { id tracked inventoryLevels(first: 2) { nodes { " \
  "location { id } } } }"
constexpr std::string_view kLookQuery =
    "query($id: ID!) { shop { currencyCode } location { id } product(id: $id) { id variants("
    "first: 2) { nodes { " CARTGATE_SHOP_VARIANT_FIELDS " } } } }";
constexpr std::string_view kVariantLookQuery =
    "query($id: ID!) { shop { currencyCode } location { id } productVariant(id: $id) "
    "{ " CARTGATE_SHOP_VARIANT_FIELDS " product { id } } }";
#undef CARTGATE_SHOP_VARIANT_FIELDS

std::string gid(const sdk::ProductUpdateParams& u) {
  return "gid://shopify/Product/" + u.id;
}

std::string variant_gid(const sdk::ProductUpdateParams& u) {
  return "gid://shopify/ProductVariant/" + u.variant_id;
}

const char* status_enum(const std::string& status) {
  return status == "active" ? "ACTIVE" : status == "draft" ? "DRAFT" : "ARCHIVED";
}

std::string text_at(const json::value* v) {
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// What the look found of the variant written.
struct FoundVariant {
  std::string id, item_id, location_id;
  bool tracked = false;
  sdk::ProductPrices prices;
};

std::variant<FoundVariant, StepOutcome> found_variant(const json::object& v,
                                                      const sdk::ProductUpdateParams& u,
                                                      const std::string& currency) {
  FoundVariant out;
  out.id = text_at(v.if_contains("id"));
  const auto money = [&](const char* key) -> std::optional<Money> {
    const auto* amount = v.if_contains(key);
    const auto text = amount != nullptr ? sdk::decimal_text(*amount) : std::nullopt;
    return text ? parse_money(*text, currency) : std::nullopt;
  };
  out.prices = {money("price"), money("compareAtPrice")};
  const auto* item = v.if_contains("inventoryItem");
  if (item != nullptr && item->is_object()) {
    const json::object& i = item->get_object();
    out.item_id = text_at(i.if_contains("id"));
    out.tracked = i.contains("tracked") && i.at("tracked") == true;
    const auto* levels = i.if_contains("inventoryLevels");
    const auto* stocked = levels != nullptr && levels->is_object()
                              ? levels->get_object().if_contains("nodes")
                              : nullptr;
    if (stocked != nullptr && stocked->is_array()) {
      if (u.stock_quantity && stocked->get_array().size() > 1) {
        return sdk::write_not_possible(
            "This Shopify item is stocked at more than one location; the gateway does not "
            "choose one of them to set.");
      }
      for (const auto& level : stocked->get_array()) {
        const auto* at = level.is_object() ? level.get_object().if_contains("location") : nullptr;
        if (at != nullptr && at->is_object()) {
          out.location_id = text_at(at->get_object().if_contains("id"));
        }
      }
    }
  }
  if (out.id.empty() || (u.stock_quantity && out.item_id.empty())) {
    return sdk::malformed(kName, "the variant has no id or inventory item");
  }
  return out;
}

// The product's one variant, as product.update writes it.
std::variant<FoundVariant, StepOutcome> only_variant(const json::object& data,
                                                     const sdk::ProductUpdateParams& u,
                                                     const std::string& currency) {
  const auto* product = data.if_contains("product");
  const auto* variants = product != nullptr && product->is_object()
                             ? product->get_object().if_contains("variants")
                             : nullptr;
  const auto* nodes = variants != nullptr && variants->is_object()
                          ? variants->get_object().if_contains("nodes")
                          : nullptr;
  if (nodes == nullptr || !nodes->is_array() || nodes->get_array().empty()) {
    return sdk::malformed(kName, "the product has no variants");
  }
  if (nodes->get_array().size() > 1) {
    return sdk::write_not_possible(
        "This Shopify product has options, so its prices and stock are its variants': set each "
        "variant (product.variant.update) instead.");
  }
  const auto& node = nodes->get_array().front();
  if (!node.is_object()) return sdk::malformed(kName, "a variant is not an object");
  return found_variant(node.get_object(), u, currency);
}

// The variant product.variant.update names, if it is the named product's.
std::variant<FoundVariant, StepOutcome> named_variant(const json::object& data,
                                                      const sdk::ProductUpdateParams& u,
                                                      const std::string& currency) {
  const auto* node = data.if_contains("productVariant");
  if (node == nullptr || !node->is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such variant.", 404);
  }
  const json::object& v = node->get_object();
  const auto* product = v.if_contains("product");
  const std::string owner = product != nullptr && product->is_object()
                                ? text_at(product->get_object().if_contains("id"))
                                : std::string();
  if (owner != gid(u)) {
    return StepOutcome::fail(
        ConnectorErrorKind::not_found,
        "Shopify variant " + u.variant_id + " is not a variant of product " + u.id + ".", 404);
  }
  return found_variant(v, u, currency);
}

std::string shop_currency(const json::object& data) {
  const auto* shop = data.if_contains("shop");
  return shop != nullptr && shop->is_object()
             ? text_at(shop->get_object().if_contains("currencyCode"))
             : std::string();
}

// The variant's prices and stock, into `m`: productVariantsBulkUpdate, inventorySetQuantities.
std::optional<StepOutcome> add_variant_changes(MutationDocument& m,
                                               const sdk::ProductUpdateParams& u,
                                               const FoundVariant& v, const json::object& data,
                                               const std::string& currency) {
  json::object variant{{"id", v.id}};
  if (u.price || u.compare_at_given) {
    auto after = sdk::prices_after(u, v.prices, currency, kName, "Shopify would show no sale");
    if (!after) return std::move(after.error());
    variant["price"] = format_amount(*after->price);
    variant["compareAtPrice"] =
        after->compare_at ? json::value(format_amount(*after->compare_at)) : json::value();
  }
  // Shopify keeps quantities of an item it does not count, but sells it regardless.
  if (u.stock_quantity && !v.tracked) variant["inventoryItem"] = json::object{{"tracked", true}};
  if (variant.size() > 1) {
    m.add("id", "ID!", json::string(gid(u)), "");
    m.add("variants", "[ProductVariantsBulkInput!]!", json::array{std::move(variant)},
          "productVariantsBulkUpdate(productId: $id, variants: $variants) { productVariants "
          "{ id } userErrors { field message code } }");
  }
  if (u.stock_quantity) {
    std::string location = v.location_id;
    if (location.empty()) {
      const auto* primary = data.if_contains("location");
      location = primary != nullptr && primary->is_object()
                     ? text_at(primary->get_object().if_contains("id"))
                     : std::string();
    }
    if (location.empty()) return sdk::malformed(kName, "the shop has no location");
    json::object quantity{
        {"inventoryItemId", v.item_id}, {"locationId", location}, {"quantity", *u.stock_quantity}};
    m.add("stock", "InventorySetQuantitiesInput!",
          json::object{{"name", "available"},
                       {"reason", "correction"},
                       {"ignoreCompareQuantity", true},
                       {"quantities", json::array{std::move(quantity)}}},
          "inventorySetQuantities(input: $stock) { inventoryAdjustmentGroup { id } userErrors "
          "{ field message code } }");
  }
  return std::nullopt;
}

StepOutcome send(const StepInput& in, MutationDocument& m) {
  return StepOutcome::need(
      {graphql(in.store, m.document(), {}, std::move(m.variables), kMutationCost * 3)},
      R"({"write":"change"})");
}

// After the look: the mutation for what the request changes.
StepOutcome after_look(const StepInput& in, const sdk::ProductUpdateParams& u,
                       const json::object& data) {
  const auto* product = data.if_contains("product");
  if (product == nullptr || !product->is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such product.", 404);
  }
  MutationDocument m;
  if (!u.status.empty()) {
    m.add("product", "ProductUpdateInput!",
          json::object{{"id", gid(u)}, {"status", status_enum(u.status)}},
          "productUpdate(product: $product) { product { id } userErrors { field message } }");
  }
  if (u.price || u.compare_at_given || u.stock_quantity) {
    const std::string currency = shop_currency(data);
    auto found = only_variant(data, u, currency);
    if (auto* refused = std::get_if<StepOutcome>(&found)) return std::move(*refused);
    if (auto refused = add_variant_changes(m, u, std::get<FoundVariant>(found), data, currency)) {
      return std::move(*refused);
    }
  }
  return send(in, m);
}

// After product.variant.update's look: the variant's mutations.
StepOutcome after_variant_look(const StepInput& in, const sdk::ProductUpdateParams& u,
                               const json::object& data) {
  const std::string currency = shop_currency(data);
  auto found = named_variant(data, u, currency);
  if (auto* refused = std::get_if<StepOutcome>(&found)) return std::move(*refused);
  MutationDocument m;
  if (auto refused = add_variant_changes(m, u, std::get<FoundVariant>(found), data, currency)) {
    return std::move(*refused);
  }
  return send(in, m);
}

// After the mutations: Shopify's refusals, or the read back.
StepOutcome after_change(const StepInput& in, const sdk::ProductUpdateParams& u,
                         const json::object& data) {
  for (const char* field :
       {"productUpdate", "productVariantsBulkUpdate", "inventorySetQuantities"}) {
    const auto* payload = data.if_contains(field);
    if (payload == nullptr) continue;
    if (!payload->is_object()) return sdk::malformed(kName, "no payload");
    if (auto refused = user_errors(payload->get_object(), "userErrors")) return std::move(*refused);
  }
  return read_back(in, Entity::product, u.id, {});
}

// Both writes' steps after the first: the look's answer, the mutations', the read back.
StepOutcome next_step(const StepInput& in, const sdk::ProductUpdateParams& u) {
  if (in.state.starts_with(kReadBack)) {
    return read_back(in, Entity::product, u.id,
                     std::string_view(in.state).substr(kReadBack.size()));
  }
  auto state = sdk::write_state(in, "write", kName);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data))
    return with_observation(std::move(*failed), in);
  const auto& d = std::get<json::object>(data);
  if (phase == "look") {
    return with_observation(
        u.variant_id.empty() ? after_look(in, u, d) : after_variant_look(in, u, d), in);
  }
  if (phase == "change") return with_observation(after_change(in, u, d), in);
  return sdk::lost_write_state(kName);
}

}  // namespace

StepOutcome product_update_step(const StepInput& in) {
  auto params = sdk::product_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ProductUpdateParams& u = *params;
  if (in.state.empty()) {
    return StepOutcome::need({graphql(in.store, kLookQuery, {}, {{"id", gid(u)}}, kLookCost)},
                             R"({"write":"look"})");
  }
  return next_step(in, u);
}

StepOutcome product_variant_update_step(const StepInput& in) {
  auto params = sdk::product_variant_update_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ProductUpdateParams& u = *params;
  if (in.state.empty()) {
    return StepOutcome::need(
        {graphql(in.store, kVariantLookQuery, {}, {{"id", variant_gid(u)}}, kLookCost)},
        R"({"write":"look"})");
  }
  return next_step(in, u);
}

}  // namespace cartgate::shop
