#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/json.hpp>

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
