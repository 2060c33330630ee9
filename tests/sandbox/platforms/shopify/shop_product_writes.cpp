// Product writes as the GraphQL Admin API (2025-10) takes them, from shopify.dev's reference
// (mutations/productUpdate, productVariantsBulkUpdate, inventorySetQuantities and their
// *UserErrorCode enums) and Shopify/shopify-app-js, which sends them unchanged:
//  - productUpdate(product: ProductUpdateInput) (the older `input: ProductInput` still taken):
//    {product, userErrors {field, message}}; "Product does not exist" for an unknown id;
//  - productVariantsBulkUpdate(productId, variants: [ProductVariantsBulkInput!]!): each input
//    names a variant of that product; `price` and `compareAtPrice` are Money strings (null
//    clears the compare-at price; Shopify takes one at or below the price and shows no sale);
//    `inventoryItem.tracked` turns stock counting on or off; `inventoryQuantities` is refused
//    on update (NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE). Nothing is applied when any input
//    is refused;
//  - inventorySetQuantities(input: {name, reason, ignoreCompareQuantity, quantities
//    [{inventoryItemId, locationId, quantity, compareQuantity}]}): absolute quantities; without
//    ignoreCompareQuantity every quantity needs the compareQuantity it replaces
//    (COMPARE_QUANTITY_REQUIRED, COMPARE_QUANTITY_STALE); name is available or on_hand (one
//    number here); totals beyond ±1,000,000,000 are refused;
//  - productUpdate and productVariantsBulkUpdate need write_products, inventorySetQuantities
//    write_inventory; each saved product fires products/update, each set quantity
//    inventory_levels/update.
#include "platforms/shopify/shop_product_writes.hpp"

#include <algorithm>
#include <array>
#include <set>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "control/change_events.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_webhooks.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

constexpr std::int64_t kAdjustmentGroupBase = 91'000'000'000;
constexpr std::int64_t kQuantityLimit = 1'000'000'000;

// The reasons InventoryAdjustmentGroup accepts (shopify.dev, "inventory quantity reasons").
constexpr std::array<std::string_view, 17> kReasons{"correction",
                                                    "cycle_count_available",
                                                    "damaged",
                                                    "movement_created",
                                                    "movement_updated",
                                                    "movement_received",
                                                    "movement_canceled",
                                                    "other",
                                                    "promotion",
                                                    "quality_control",
                                                    "received",
                                                    "reservation_created",
                                                    "reservation_deleted",
                                                    "reservation_updated",
                                                    "restock",
                                                    "safety_stock",
                                                    "shrinkage"};

// A product's variant as the API names it: the product's own numbers for its default variant.
struct VariantRef {
  Product* product = nullptr;
  std::int64_t* price = nullptr;
  std::optional<std::int64_t>* compare_at = nullptr;
  std::int64_t* stock = nullptr;
  std::int64_t shown = 0;  // the variant's (and its inventory item's) Shopify number
};

std::vector<VariantRef> variants_of(Product& p) {
  if (p.variants.empty()) {
    return {{&p, &p.price, &p.compare_at, &p.stock, sid(Kind::variant, p.id * 100)}};
  }
  std::vector<VariantRef> out;
  for (auto& v : p.variants) {
    out.push_back({&p, &v.price, &v.compare_at, &v.stock, sid(Kind::variant, v.id)});
  }
  return out;
}

Product* product_of(Store& store, const json::value* id) {
  const auto shown = gid_number(id, "Product");
  for (auto& p : store.products) {
    if (shown && sid(Kind::product, p.id) == *shown) return &p;
  }
  return nullptr;
}

// The variant whose number (as a gid of `type`: ProductVariant or InventoryItem) `id` holds.
std::optional<VariantRef> variant_of(Store& store, const json::value* id, std::string_view type) {
  const auto shown = gid_number(id, type);
  if (!shown) return std::nullopt;
  for (auto& p : store.products) {
    for (const auto& v : variants_of(p)) {
      if (v.shown == *shown) return v;
    }
  }
  return std::nullopt;
}

json::array path(std::initializer_list<json::value> parts) {
  return json::array(parts.begin(), parts.end());
}

void product_saved(Store& store, Dispatcher& dispatcher, Product& p, Time now) {
  p.updated = now;
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "product", "updated", p.id);
}

json::value product_update(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                           const json::object& args, Time now,
                           std::vector<graphql::Error>& errors) {
  const auto* given = args.if_contains("product");
  if (given == nullptr) given = args.if_contains("input");
  if (given == nullptr || !given->is_object()) {
    return input_refused(s, errors, "Field 'productUpdate' is missing its product input");
  }
  const json::object& input = given->get_object();
  std::optional<ProductStatus> status;
  std::optional<std::string> title;
  for (const auto& [key, value] : input) {
    if (key == "id") continue;
    if (key == "status") {
      const std::string_view v = value.is_string() ? std::string_view(value.get_string()) : "";
      if (v == "ACTIVE" || v == "DRAFT" || v == "ARCHIVED") {
        status = v == "ACTIVE"  ? ProductStatus::active
                 : v == "DRAFT" ? ProductStatus::draft
                                : ProductStatus::archived;
        continue;
      }
      return input_refused(s, errors,
                           "Variable product of type ProductUpdateInput! was provided invalid "
                           "value for status (Expected one of: ACTIVE, ARCHIVED, DRAFT)");
    }
    if (key == "title" && value.is_string()) {
      title = std::string(value.get_string());
      continue;
    }
    return input_refused(s, errors,
                         "The sandbox does not model ProductUpdateInput." + std::string(key),
                         "SANDBOX_NOT_EMULATED");
  }
  json::object payload{{"__typename", "ProductUpdatePayload"}, {"product", nullptr}};
  Product* p = product_of(store, input.if_contains("id"));
  if (p == nullptr) {
    payload["userErrors"] =
        json::array{user_error("UserError", path({"id"}), "Product does not exist")};
    return payload;
  }
  if (title && title->empty()) {
    payload["userErrors"] =
        json::array{user_error("UserError", path({"title"}), "Title can't be blank")};
    return payload;
  }
  if (status) p->status = *status;
  if (title) p->name = *title;
  product_saved(store, dispatcher, *p, now);
  payload["product"] = product_node(store, *p);
  payload["userErrors"] = json::array{};
  return payload;
}

// What one ProductVariantsBulkInput sets, once every input is checked.
struct VariantChange {
  VariantRef target;
  std::optional<std::int64_t> price;
  bool compare_at_given = false;
  std::optional<std::int64_t> compare_at;
  std::optional<bool> tracked;
};

json::value variants_bulk_update(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                                 const json::object& args, Time now,
                                 std::vector<graphql::Error>& errors) {
  const auto* list = args.if_contains("variants");
  if (list == nullptr || !list->is_array()) {
    return input_refused(s, errors, "Field 'productVariantsBulkUpdate' is missing its variants");
  }
  json::object payload{{"__typename", "ProductVariantsBulkUpdatePayload"},
                       {"product", nullptr},
                       {"productVariants", nullptr}};
  const auto refused = [&](json::array field, const std::string& message, json::value code) {
    payload["userErrors"] = json::array{
        user_error("ProductVariantsBulkUpdateUserError", std::move(field), message, code)};
    return payload;
  };
  Product* p = product_of(store, args.if_contains("productId"));
  if (p == nullptr) {
    return refused(path({"productId"}), "Product does not exist", "PRODUCT_DOES_NOT_EXIST");
  }
  const int digits = cartgate::minor_unit_digits(store.currency);
  std::vector<VariantChange> changes;
  for (std::size_t i = 0; i < list->get_array().size(); ++i) {
    const json::value& item = list->get_array()[i];
    if (!item.is_object()) return input_refused(s, errors, "A variant input is not an object");
    const json::object& in = item.get_object();
    const auto target = variant_of(store, in.if_contains("id"), "ProductVariant");
    const auto at = static_cast<std::int64_t>(i);
    if (!target || target->product != p) {
      return refused(path({"variants", at, "id"}), "Product variant does not exist",
                     "PRODUCT_VARIANT_DOES_NOT_EXIST");
    }
    VariantChange change{*target, {}, false, {}, {}};
    for (const auto& [key, value] : in) {
      if (key == "id") continue;
      if (key == "price" || key == "compareAtPrice") {
        if (value.is_null() && key == "compareAtPrice") {
          change.compare_at_given = true;
          continue;
        }
        const std::string_view text =
            value.is_string() ? std::string_view(value.get_string()) : std::string_view();
        if (text.starts_with('-')) {
          return refused(path({"variants", at, key}), "Price must be greater than or equal to 0",
                         "GREATER_THAN_OR_EQUAL_TO");
        }
        const auto units = decimal_minor_units(text, digits);
        if (!units) {
          return input_refused(s, errors,
                               "Variable variants was provided invalid value for " +
                                   std::to_string(i) + "." + std::string(key) +
                                   " (invalid Money: a decimal string is expected)");
        }
        if (key == "price") {
          change.price = units;
        } else {
          change.compare_at_given = true;
          change.compare_at = units;
        }
        continue;
      }
      if (key == "inventoryQuantities") {
        return refused(path({"variants", at, "inventoryQuantities"}),
                       "Inventory quantities can only be provided during create. To update "
                       "inventory for existing variants, use inventoryAdjustQuantities.",
                       "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE");
      }
      const auto* tracked =
          key == "inventoryItem" && value.is_object() && value.get_object().size() == 1
              ? value.get_object().if_contains("tracked")
              : nullptr;
      if (tracked != nullptr && tracked->is_bool()) {
        change.tracked = tracked->get_bool();
        continue;
      }
      return input_refused(
          s, errors, "The sandbox does not model ProductVariantsBulkInput." + std::string(key),
          "SANDBOX_NOT_EMULATED");
    }
    changes.push_back(change);
  }
  std::set<std::int64_t> updated;
  for (const auto& c : changes) {
    if (c.price) *c.target.price = *c.price;
    if (c.compare_at_given) *c.target.compare_at = c.compare_at;
    if (c.tracked) p->manage_stock = *c.tracked;
    updated.insert(c.target.shown);
  }
  product_saved(store, dispatcher, *p, now);
  json::object node = product_node(store, *p);
  json::array written;
  for (const auto& v : node.at("variants").at("__connection").as_array()) {
    const auto number = gid_number(&v.at("id"), "ProductVariant");
    if (number && updated.contains(*number)) written.push_back(v);
  }
  payload["product"] = std::move(node);
  payload["productVariants"] = std::move(written);
  payload["userErrors"] = json::array{};
  return payload;
}

json::value set_quantities(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                           const json::object& args, Time now,
                           std::vector<graphql::Error>& errors) {
  const auto* given = args.if_contains("input");
  const auto* list = given != nullptr && given->is_object()
                         ? given->get_object().if_contains("quantities")
                         : nullptr;
  if (list == nullptr || !list->is_array()) {
    return input_refused(s, errors, "Field 'inventorySetQuantities' is missing its quantities");
  }
  const json::object& input = given->get_object();
  json::object payload{{"__typename", "InventorySetQuantitiesPayload"},
                       {"inventoryAdjustmentGroup", nullptr}};
  const auto refused = [&](json::array field, const std::string& message, json::value code) {
    payload["userErrors"] =
        json::array{user_error("InventorySetQuantitiesUserError", std::move(field), message, code)};
    return payload;
  };
  const auto text = [&](const char* key) {
    const auto* v = input.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  const std::string name = text("name");
  if (name != "available" && name != "on_hand") {
    return refused(path({"input", "name"}),
                   "The quantity name must be either 'available' or 'on_hand'.", "INVALID_NAME");
  }
  const std::string reason = text("reason");
  if (std::find(kReasons.begin(), kReasons.end(), reason) == kReasons.end()) {
    return refused(path({"input", "reason"}), "The specified reason is invalid.", "INVALID_REASON");
  }
  const auto* ignore = input.if_contains("ignoreCompareQuantity");
  const bool compare = ignore == nullptr || !ignore->is_bool() || !ignore->get_bool();
  std::vector<std::pair<VariantRef, std::int64_t>> sets;
  for (std::size_t i = 0; i < list->get_array().size(); ++i) {
    const json::value& item = list->get_array()[i];
    const auto* q = item.is_object() ? &item.get_object() : nullptr;
    const auto* quantity = q != nullptr ? q->if_contains("quantity") : nullptr;
    if (quantity == nullptr || !quantity->is_int64()) {
      return input_refused(s, errors, "A quantity needs an integer quantity");
    }
    const auto at = static_cast<std::int64_t>(i);
    const auto target = variant_of(store, q->if_contains("inventoryItemId"), "InventoryItem");
    if (!target) {
      return refused(path({"input", "quantities", at, "inventoryItemId"}),
                     "The specified inventory item could not be found.", "INVALID_INVENTORY_ITEM");
    }
    if (gid_number(q->if_contains("locationId"), "Location") != kShopLocationId) {
      return refused(path({"input", "quantities", at, "locationId"}),
                     "The specified location could not be found.", "INVALID_LOCATION");
    }
    const std::int64_t value = quantity->get_int64();
    if (value > kQuantityLimit) {
      return refused(path({"input", "quantities", at, "quantity"}),
                     "The total quantity can't be higher than 1,000,000,000.",
                     "INVALID_QUANTITY_TOO_HIGH");
    }
    if (value < -kQuantityLimit) {
      return refused(path({"input", "quantities", at, "quantity"}),
                     "The total quantity can't be lower than -1,000,000,000.",
                     "INVALID_QUANTITY_TOO_LOW");
    }
    if (compare) {
      const auto* expected = q->if_contains("compareQuantity");
      if (expected == nullptr || !expected->is_int64()) {
        return refused(path({"input", "quantities", at, "compareQuantity"}),
                       "The compareQuantity argument must be given to each quantity or ignored "
                       "using ignoreCompareQuantity.",
                       "COMPARE_QUANTITY_REQUIRED");
      }
      if (expected->get_int64() != *target->stock) {
        return refused(path({"input", "quantities", at, "compareQuantity"}),
                       "The compareQuantity value does not match persisted value.",
                       "COMPARE_QUANTITY_STALE");
      }
    }
    sets.emplace_back(*target, value);
  }
  json::array changes;
  std::set<Product*> saved;
  for (auto& [target, value] : sets) {
    const std::int64_t delta = value - *target.stock;
    *target.stock = value;
    saved.insert(target.product);
    changes.push_back(json::object{
        {"__typename", "InventoryChange"},
        {"name", name},
        {"delta", delta},
        {"quantityAfterChange", value},
        {"item",
         json::object{{"__typename", "InventoryItem"}, {"id", gid("InventoryItem", target.shown)}}},
        {"location", location_node()}});
    notify(store, dispatcher, "inventory_levels/update",
           json::object{{"inventory_item_id", target.shown},
                        {"location_id", kShopLocationId},
                        {"available", value},
                        {"updated_at", utc(now)},
                        {"admin_graphql_api_id",
                         "gid://shopify/InventoryLevel/" + std::to_string(target.shown)}},
           now);
  }
  for (Product* p : saved)
    product_saved(store, dispatcher, *p, now);
  payload["inventoryAdjustmentGroup"] = json::object{
      {"__typename", "InventoryAdjustmentGroup"},
      {"id",
       gid("InventoryAdjustmentGroup", kAdjustmentGroupBase + now.time_since_epoch().count())},
      {"createdAt", utc(now)},
      {"reason", reason},
      {"referenceDocumentUri", input.contains("referenceDocumentUri")
                                   ? input.at("referenceDocumentUri")
                                   : json::value(nullptr)},
      {"changes", std::move(changes)}};
  payload["userErrors"] = json::array{};
  return payload;
}

}  // namespace

std::optional<json::value> product_mutation(Store& store, Dispatcher& dispatcher,
                                            const graphql::Selection& s, const json::object& args,
                                            const std::vector<std::string>& scopes, Time now,
                                            std::vector<graphql::Error>& errors) {
  const bool inventory = s.name == "inventorySetQuantities";
  if (!inventory && s.name != "productUpdate" && s.name != "productVariantsBulkUpdate") {
    return std::nullopt;
  }
  const char* scope = inventory ? "write_inventory" : "write_products";
  if (!holds_scope(scopes, scope)) {
    errors.push_back(access_denied(s, "`" + std::string(scope) + "` access scope."));
    return json::value(nullptr);
  }
  if (inventory) return set_quantities(store, dispatcher, s, args, now, errors);
  return s.name == "productUpdate" ? product_update(store, dispatcher, s, args, now, errors)
                                   : variants_bulk_update(store, dispatcher, s, args, now, errors);
}

std::optional<json::value> product_mutation_shape(const Store& store, const std::string& field) {
  const json::object product = product_node(store, Product{});
  if (field == "productUpdate") {
    return json::object{{"__typename", "ProductUpdatePayload"},
                        {"product", product},
                        {"userErrors", json::array{user_error("UserError", path({"id"}), "")}}};
  }
  if (field == "productVariantsBulkUpdate") {
    return json::object{
        {"__typename", "ProductVariantsBulkUpdatePayload"},
        {"product", product},
        {"productVariants", product.at("variants").at("__connection")},
        {"userErrors", json::array{user_error("ProductVariantsBulkUpdateUserError",
                                              path({"variants"}), "", "INVALID_INPUT")}}};
  }
  if (field == "inventorySetQuantities") {
    json::object change{
        {"__typename", "InventoryChange"},
        {"name", "available"},
        {"delta", 0},
        {"quantityAfterChange", 0},
        {"item", json::object{{"__typename", "InventoryItem"}, {"id", gid("InventoryItem", 0)}}},
        {"location", location_node()}};
    return json::object{
        {"__typename", "InventorySetQuantitiesPayload"},
        {"inventoryAdjustmentGroup",
         json::object{{"__typename", "InventoryAdjustmentGroup"},
                      {"id", gid("InventoryAdjustmentGroup", kAdjustmentGroupBase)},
                      {"createdAt", utc(Time{})},
                      {"reason", "correction"},
                      {"referenceDocumentUri", nullptr},
                      {"changes", json::array{std::move(change)}}}},
        {"userErrors", json::array{user_error("InventorySetQuantitiesUserError", path({"input"}),
                                              "", "INVALID_NAME")}}};
  }
  return std::nullopt;
}

json::value location_field(const json::object& args) {
  const auto* id = args.if_contains("id");
  if (id == nullptr || id->is_null() || gid_number(id, "Location") == kShopLocationId) {
    return location_node();
  }
  return nullptr;
}

}  // namespace sandbox::shop
