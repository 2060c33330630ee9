#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/json.hpp>
#include <cartgate/schema/json_text.hpp>

#include "support/sample_entities.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;

template <class T>
void expect_roundtrip(const T& original) {
  const json::value jv = json::value_from(original);
  auto back = json::try_value_to<T>(jv);
  ASSERT_TRUE(back) << back.error().message() << "\n" << json::serialize(jv);
  EXPECT_EQ(*back, original);
  EXPECT_EQ(json::serialize(json::value_from(*back)), json::serialize(jv));
}

TEST(SchemaJson, EveryEntityRoundTrips) {
  expect_roundtrip(test::sample_order());
  expect_roundtrip(test::sample_guest_order_jpy());
  expect_roundtrip(test::sample_customer());
  expect_roundtrip(test::sample_product());
  expect_roundtrip(test::sample_cart());
  for (auto type : {EventType::order_add, EventType::customer_update, EventType::product_add,
                    EventType::cart_abandoned}) {
    expect_roundtrip(test::sample_event(type));
  }
}

TEST(SchemaJson, WritesTheDocumentedShape) {
  const json::value jv = json::value_from(test::sample_guest_order_jpy());
  const auto& o = jv.as_object();
  EXPECT_EQ(o.at("totals").at("total"), (json::object{{"amount", "7135"}, {"currency", "JPY"}}));
  EXPECT_EQ(o.at("created_at"), "2017-03-22T19:28:02Z");
  EXPECT_EQ(o.at("status"), "processing");
  EXPECT_TRUE(o.at("financial_status").is_null());
  EXPECT_TRUE(o.at("billing_address").is_null());
  EXPECT_EQ(
      o.at("identity"),
      (json::object{{"email", "john.doe@example.com"}, {"customer_id", nullptr}, {"guest", true}}));
}

TEST(SchemaJson, MembersComeInTheDocumentedOrderHeaderFirst) {
  const json::value jv = json::value_from(test::sample_order());
  std::vector<std::string> keys;
  for (const auto& kv : jv.as_object())
    keys.emplace_back(kv.key());
  EXPECT_EQ(keys,
            (std::vector<std::string>{
                "id", "store_id", "platform", "created_at", "updated_at", "number", "status",
                "native_status", "financial_status", "fulfillment_status", "currency", "totals",
                "identity", "billing_address", "shipping_address", "line_items", "cancelled_at"}));
}

// The direct writer gives the same bytes as serializing the document value_from builds.
template <class T>
void expect_same_text(const T& entity) {
  std::string direct = "[";  // appends to what is there
  append_json(direct, entity);
  EXPECT_EQ(direct, "[" + json::serialize(json::value_from(entity)));
}

TEST(SchemaJsonText, IsByteForByteTheSerializedDocument) {
  expect_same_text(test::sample_order());
  expect_same_text(test::sample_guest_order_jpy());
  expect_same_text(test::sample_customer());
  expect_same_text(test::sample_product());
  expect_same_text(test::sample_cart());
  expect_same_text(EntityData(test::sample_product()));  // whichever entity a page holds
  // Everything a string may hold: quotes, backslashes, every C0 control, DEL, multi-byte UTF-8
  // and bytes that are not UTF-8 at all (platforms send them; both writers pass them through).
  Customer odd = test::sample_customer();
  std::string controls;
  for (char c = 0; c < 0x20; ++c)
    controls += c;
  odd.first_name = "Ann \"Nan\" O\\Brien/" + controls + "\x7f";
  odd.last_name = "Mu\xc3\xb1oz \xe2\x82\xac \xf0\x9f\x9b\x92 \xff\xfe";
  odd.email.reset();
  odd.addresses.clear();
  odd.default_address.reset();
  expect_same_text(odd);
  Product bare = test::sample_product();
  bare.variants.clear();
  bare.price.reset();
  bare.sku = "";
  expect_same_text(bare);
}

TEST(SchemaJson, ReadingIsStrict) {
  json::value jv = json::value_from(test::sample_order());
  auto& o = jv.as_object();

  auto broken = o;
  broken["totals"].as_object()["total"] = json::object{{"amount", "393"}, {"currency", "EUR"}};
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(), schema_errc::invalid_money);

  broken = o;
  broken["totals"].as_object()["total"] = json::object{{"amount", 393.0}, {"currency", "EUR"}};
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(), schema_errc::wrong_type);

  broken = o;
  broken["status"] = "shipped";
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(),
            schema_errc::unknown_enum_value);

  broken = o;
  broken["updated_at"] = "2017-08-21 22:22:20";
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(), schema_errc::invalid_timestamp);

  broken = o;
  broken.erase("number");
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(), schema_errc::missing_field);
  broken = o;
  broken.erase("created_at");  // a member of the entity header (the base every entity shares)
  EXPECT_EQ(json::try_value_to<Order>(json::value(broken)).error(), schema_errc::missing_field);
  broken = o;
  broken.erase("cancelled_at");  // optional members may be absent, not only null
  broken.erase("billing_address");
  EXPECT_TRUE(json::try_value_to<Order>(json::value(broken)));

  EXPECT_EQ(json::try_value_to<Order>(json::value("order")).error(), schema_errc::not_an_object);

  json::value event = json::value_from(test::sample_event(EventType::order_add));
  event.as_object()["type"] = "cart.add";  // an order does not parse as a cart
  EXPECT_FALSE(json::try_value_to<Event>(event));
}

TEST(SchemaJson, NormalizesEmails) {
  EXPECT_EQ(normalize_email("  Jane.Doe@Example.COM \n"), "jane.doe@example.com");
  EXPECT_EQ(normalize_email("   "), std::nullopt);
  EXPECT_EQ(normalize_email("Ünïcode@EXAMPLE.com"), "Ünïcode@example.com");
}

}  // namespace
}  // namespace cartgate
