// product.variant.update end to end (write_api_fixture.hpp): one variant of a product with
// options gets its prices and stock; the product's other variants keep theirs.
#include "write_api_fixture.hpp"

namespace cartgate::test {
namespace {

// The variant `id` of a product as the API gives it.
json::value variant_of(const json::value& product, const std::string& id) {
  for (const auto& v : product.at("variants").as_array()) {
    if (v.at("id").as_string() == id) return v;
  }
  ADD_FAILURE() << "no variant " << id << " in " << product;
  return json::object{{"price", nullptr}, {"compare_at_price", nullptr}};
}

class VariantWrites : public WriteApi {
 protected:
  // A new product with two options at 18.00: its id and its variants' ids.
  std::tuple<std::string, std::string, std::string> product_with_options(const std::string& name) {
    const std::string id = new_product(name, 1800, 2);
    auto info = post("product.info", json::object{{"store_id", store_}, {"id", id}});
    EXPECT_EQ(info.status, 200) << info.body;
    const json::value product = info.json();  // named: the array below points into it
    const auto& variants = product.at("data").at("variants").as_array();
    EXPECT_EQ(variants.size(), 2u) << info.body;
    if (variants.size() != 2) return {id, "", ""};
    return {id, std::string(variants[0].at("id").as_string()),
            std::string(variants[1].at("id").as_string())};
  }

  json::object variant_write(const std::string& product, const std::string& variant,
                             json::object changes) const {
    changes["store_id"] = store_;
    changes["product_id"] = product;
    changes["id"] = variant;
    return changes;
  }

  // product.variant.update: the product written.
  json::value change_variant(const std::string& product, const std::string& variant,
                             json::object changes, const std::string& key = "") {
    auto r = post("product.variant.update", variant_write(product, variant, changes), key);
    EXPECT_EQ(r.status, 200) << json::serialize(changes) << " " << r.body;
    return r.status == 200 ? r.json().at("data") : json::value(nullptr);
  }

  void expect_refused(const std::string& product, const std::string& variant, json::object changes,
                      int status, std::string_view code, std::string_view says) {
    auto r = post("product.variant.update", variant_write(product, variant, changes));
    EXPECT_EQ(r.status, status) << json::serialize(changes) << " " << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  }

  // The same sequence on any platform: a sale on one variant, a price that keeps it plus
  // stock, the sale ended; the other variant untouched throughout.
  void expect_variant_updates(const std::string& key) {
    const auto [product, first, second] = product_with_options("Wool scarf " + key);
    ASSERT_FALSE(second.empty());
    const json::object sale{{"price", "14.50"}, {"compare_at_price", "18.00"}};
    json::value p = change_variant(product, first, sale, key);
    ASSERT_TRUE(p.is_object());
    EXPECT_EQ(amount(variant_of(p, first).at("price")), "14.50") << p;
    EXPECT_EQ(amount(variant_of(p, first).at("compare_at_price")), "18.00") << p;
    EXPECT_EQ(amount(variant_of(p, second).at("price")), "18.00") << p;
    EXPECT_EQ(amount(variant_of(p, second).at("compare_at_price")), "null") << p;
    auto again = post("product.variant.update", variant_write(product, first, sale), key);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    // The same key for another variant is another request.
    auto other = post("product.variant.update", variant_write(product, second, sale), key);
    EXPECT_EQ(other.status, 422) << other.body;

    p = change_variant(product, first, {{"price", "12"}, {"stock_quantity", 7}});
    EXPECT_EQ(amount(variant_of(p, first).at("price")), "12.00") << p;
    EXPECT_EQ(amount(variant_of(p, first).at("compare_at_price")), "18.00") << p;
    EXPECT_EQ(variant_of(p, first).at("inventory_quantity"), 7) << p;
    p = change_variant(product, first, {{"compare_at_price", nullptr}});
    EXPECT_EQ(amount(variant_of(p, first).at("price")), "12.00") << p;
    EXPECT_EQ(amount(variant_of(p, first).at("compare_at_price")), "null") << p;
    // As product.info reads it.
    auto info = post("product.info", json::object{{"store_id", store_}, {"id", product}});
    ASSERT_EQ(info.status, 200) << info.body;
    EXPECT_EQ(amount(variant_of(info.json().at("data"), first).at("price")), "12.00");
    EXPECT_EQ(amount(variant_of(info.json().at("data"), second).at("price")), "18.00");
  }

  // Refusals every platform gives, none of which changes the product.
  void expect_common_refusals() {
    const auto [product, first, second] = product_with_options("Linen scarf");
    ASSERT_FALSE(second.empty());
    const std::string plain = new_product("Plain scarf", 900);
    const auto before = post("product.info", json::object{{"store_id", store_}, {"id", product}});
    expect_refused(product, first, {{"compare_at_price", "10.00"}}, 422, "write_not_possible",
                   "not above the price");
    expect_refused(product, first, {{"status", "draft"}}, 400, "unknown_parameter", "status");
    expect_refused(product, first, {}, 400, "invalid_parameter", "Nothing to change");
    expect_refused(product, "99999999", {{"price", "1.00"}}, 404, "entity_not_found", "variant");
    // A variant is written only through its own product.
    expect_refused(plain, first, {{"price", "1.00"}}, 404, "entity_not_found", "variant");
    const auto after = post("product.info", json::object{{"store_id", store_}, {"id", product}});
    EXPECT_EQ(after.json().at("data"), before.json().at("data"));
  }

  // A write on a variant comes back as one product.update event, marked as the write's.
  void expect_one_variant_api_event(const std::string& platform, std::string_view topic) {
    listen_for(platform, topic);
    if (HasFatalFailure()) return;
    const auto [product, first, second] = product_with_options("Cedar box");
    ASSERT_FALSE(second.empty());
    await_creation("product.add", product);
    if (HasFatalFailure()) return;
    const std::string key = platform + "-box-variant";
    auto written =
        post("product.variant.update",
             variant_write(product, second, {{"price", "21.00"}, {"stock_quantity", 4}}), key);
    ASSERT_EQ(written.status, 200) << written.body;
    const std::vector<json::value> ours = settled_events("product.update", product);
    ASSERT_EQ(ours.size(), 1u);
    EXPECT_EQ(amount(variant_of(ours[0].at("data"), second).at("price")), "21.00") << ours[0];
    EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
    EXPECT_EQ(ours[0].at("origin").at("request_id").as_string(), written.header("X-Request-Id"));
    EXPECT_EQ(ours[0].at("origin").at("idempotency_key").as_string(), key) << ours[0];
  }
};

TEST_F(VariantWrites, OnShopifyAVariantGetsItsPriceSaleAndStock) {
  start(20s, {}, "shopify");
  expect_variant_updates("shop-variant-sale");
}

TEST_F(VariantWrites, OnShopifyBadVariantWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "shopify");
  expect_common_refusals();
  if (HasFatalFailure()) return;
  // Without write_inventory, Shopify refuses the stock mutation (ACCESS_DENIED).
  const auto [product, first, second] = product_with_options("Silk scarf");
  sandbox_->control("POST", target_, "settings",
                    json::object{{"access_scopes", "read_products,write_products"}});
  expect_refused(product, first, {{"stock_quantity", 3}}, 502, "store_permission_denied",
                 "write_inventory");
}

TEST_F(VariantWrites, OnShopifyAVariantChangeComesBackAsOneApiEvent) {
  expect_one_variant_api_event("shopify", "products/update");
}

TEST_F(VariantWrites, OnBigCommerceAVariantGetsItsPriceSaleAndStock) {
  start(20s, {}, "bigcommerce");
  expect_variant_updates("bc-variant-sale");
}

TEST_F(VariantWrites, OnBigCommerceBadVariantWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "bigcommerce");
  expect_common_refusals();
  if (HasFatalFailure()) return;
  const auto [product, first, second] = product_with_options("Cotton scarf");
  sandbox_->control("POST", target_, "settings", json::object{{"products_scope", "read_only"}});
  expect_refused(product, first, {{"price", "3.00"}}, 502, "store_permission_denied",
                 "required scope");
  sandbox_->control("POST", target_, "settings", json::object{{"products_scope", "modify"}});
}

TEST_F(VariantWrites, OnBigCommerceAVariantChangeComesBackAsOneApiEvent) {
  // BigCommerce names a variant's change as its SKU's: store/sku/updated, and
  // store/sku/inventory/updated for its stock; store/product/updated does not fire.
  expect_one_variant_api_event("bigcommerce", "store/sku/updated");
}

}  // namespace
}  // namespace cartgate::test
