// The Magento 2 connector without I/O: mapping of documented payload shapes (fixtures in
// tests/fixtures), the requests it asks for, how it reads pages, errors and throttling, and
// webhook signatures against the vectors of ../shared/platform-contracts.md §5.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace test;  // the connector drive helpers (connector_drive.hpp)

TEST(Magento, MapsTheDocumentedOrder) {
  Drive d{builtin("magento"), mage_store(), read(Entity::order, ReadVerb::info)};
  d.call.read.id = "3";
  auto out = d.run({{answer(200, fixture("magento/order.json"))}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& o = out.result.at("item");
  EXPECT_EQ(o.at("number"), "000000003");
  EXPECT_EQ(o.at("created_at"), "2017-08-21T22:22:19Z");  // naive UTC
  EXPECT_EQ(o.at("status"), "pending");
  EXPECT_EQ(o.at("native_status"), "pending");
  EXPECT_EQ(o.at("totals").at("total").at("amount"), "165.00");
  EXPECT_EQ(o.at("totals").at("discount").at("amount"), "12.50");  // Magento's is negative
  EXPECT_EQ(o.at("identity").at("customer_id"), "3");
  EXPECT_EQ(o.at("identity").at("guest"), false);
  EXPECT_EQ(o.at("shipping_address").at("address2"), "Apt 4");
  const auto& lines = o.at("line_items").as_array();
  ASSERT_EQ(lines.size(), 2u);  // the configurable's child line is not counted twice
  EXPECT_EQ(lines[1].at("unit_price").at("amount"), "75.25");
  EXPECT_EQ(lines[1].at("total").at("amount"), "138.00");
}

TEST(Magento, KeysetPagesStopAtTotalCount) {
  Drive d{builtin("magento"), mage_store(), read(Entity::order, ReadVerb::list, 1)};
  const std::string order = fixture("magento/order.json");
  auto out = d.run(
      {{answer(200, R"({"items":[)" + order + R"(],"search_criteria":{},"total_count":4})")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const std::string url = d.steps[0].requests[0].url;
  EXPECT_NE(url.find("searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=entity_id"),
            std::string::npos);
  EXPECT_TRUE(find_header(d.steps[0].requests[0].headers, "Authorization")->starts_with("OAuth "));
  const auto token = json::parse(out.result.at("next_page_token").as_string());
  EXPECT_EQ(token.at("after"), "3");
  Drive last{builtin("magento"), mage_store(), read(Entity::order, ReadVerb::list, 1)};
  auto end = last.run(
      {{answer(200, R"({"items":[)" + order + R"(],"search_criteria":{},"total_count":1})")}});
  EXPECT_TRUE(end.result.at("next_page_token").is_null());
}

TEST(Magento, CartsGetTheirTotalsWithOwnNonces) {
  Drive d{builtin("magento"), mage_store(), read(Entity::cart, ReadVerb::list)};
  const std::string carts =
      R"({"items":[{"id":7,"created_at":"2026-11-24 08:00:00","updated_at":"2026-11-24 08:10:00","is_active":true,"items_count":1,"items":[{"item_id":1,"sku":"A","qty":2,"name":"A","price":5.5}],"customer":{"email":null},"billing_address":{"email":"Guest@Example.com"},"currency":{"quote_currency_code":"EUR"},"customer_is_guest":true},{"id":8,"created_at":"2026-11-24 09:00:00","updated_at":"2026-11-24 09:59:30","is_active":true,"items_count":1,"items":[],"customer":{"id":4,"email":"a@b.c"},"currency":{"quote_currency_code":"EUR"},"customer_is_guest":false},{"id":9,"created_at":"2026-11-24 09:00:00","updated_at":"2026-11-24 09:30:00","is_active":false,"reserved_order_id":"000000012","items_count":1,"items":[],"customer":{"id":4,"email":"a@b.c"},"currency":{"quote_currency_code":"EUR"},"customer_is_guest":false}],"total_count":3})";
  // CartTotalRepository::get(): grand_total is reported without tax; the taxed one is the
  // "grand_total" segment.
  const std::string with_segments =
      R"({"grand_total":11,"subtotal":11,"discount_amount":0,"tax_amount":0.91,"total_segments":[{"code":"subtotal","title":"Subtotal","value":11},{"code":"tax","title":"Tax","value":0.91},{"code":"grand_total","title":"Grand Total","value":11.91}]})";
  const std::string without_segments =
      R"({"grand_total":11,"subtotal":11,"discount_amount":0,"tax_amount":0.91})";
  auto out =
      d.run({{answer(200, carts)}, {answer(200, with_segments), answer(200, without_segments)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  // The converted cart's totals are not asked for: getActive() would answer 404.
  ASSERT_EQ(d.steps[1].requests.size(), 2u);
  EXPECT_EQ(d.steps[1].requests[1].url.find("carts/9"), std::string::npos);
  EXPECT_NE(*find_header(d.steps[1].requests[0].headers, "Authorization"),
            *find_header(d.steps[1].requests[1].headers, "Authorization"));
  const auto& items = out.result.at("items").as_array();
  EXPECT_EQ(items[0].at("status"), "abandoned");  // idle since 08:10, now 10:00
  EXPECT_EQ(items[1].at("status"), "active");     // 30 minutes idle
  EXPECT_EQ(items[0].at("totals").at("total").at("amount"), "11.91");
  EXPECT_EQ(items[0].at("totals").at("tax").at("amount"), "0.91");
  EXPECT_EQ(items[1].at("totals").at("total").at("amount"), "11.91");
  EXPECT_EQ(items[2].at("status"), "converted");
  EXPECT_TRUE(items[2].at("totals").is_null());
  EXPECT_EQ(items[0].at("identity").at("email"), "guest@example.com");
}

TEST(Magento, AConvertedCartIsReadWithoutTheTotalsThatAnswer404) {
  Drive d{builtin("magento"), mage_store(), read(Entity::cart, ReadVerb::info)};
  d.call.read.id = "9";
  const std::string cart =
      R"({"id":9,"created_at":"2026-11-24 09:00:00","updated_at":"2026-11-24 09:30:00","is_active":false,"reserved_order_id":"000000012","items_count":1,"items":[],"customer":{"id":4,"email":"a@b.c"},"currency":{"quote_currency_code":"EUR"},"customer_is_guest":false})";
  const std::string no_such =
      R"({"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"cartId","fieldValue":"9"}})";
  auto out = d.run({{answer(200, cart), answer(404, no_such)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(out.result.at("item").at("status"), "converted");
  // An active cart whose totals are missing is still an error, not a cart without totals.
  Drive active{builtin("magento"), mage_store(), read(Entity::cart, ReadVerb::info)};
  active.call.read.id = "9";
  std::string live = cart;
  live.replace(live.find("\"is_active\":false"), 17, "\"is_active\":true");
  EXPECT_EQ(active.run({{answer(200, live), answer(404, no_such)}}).kind, StepKind::failed);
}

}  // namespace
}  // namespace cartgate
