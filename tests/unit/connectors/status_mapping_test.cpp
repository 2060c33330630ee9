// Every native order status of each platform, mapped to the normalized status by the
// connector. The expected column is written from each platform's own status model (see
// docs/schema.md, "Order status"), not from the connector's output; the documented example
// orders in tests/fixtures carry each status in turn.
#include <string>
#include <utility>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace test;  // the connector drive helpers (connector_drive.hpp)

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::runtime_error("fixture lacks " + from);
  return text.replace(at, from.size(), to);
}

// The normalized status of `order_json` read by id through `platform`'s connector.
std::string status_of(const std::string& platform, const StoreContext& store,
                      const std::vector<HttpResponse>& answers) {
  Drive d{builtin(platform), store, read(Entity::order, ReadVerb::info)};
  d.call.read.id = "1";
  auto out = d.run({answers});
  if (out.kind != StepKind::done) return "error: " + out.error.message;
  return std::string(out.result.at("item").at("status").as_string());
}

TEST(OrderStatus, WooCommerceStatusesOneToOne) {
  // wc_get_order_statuses() plus the post statuses an order can have through the REST API.
  const std::vector<std::pair<std::string, std::string>> table{
      {"pending", "pending"},        {"processing", "processing"},
      {"on-hold", "on_hold"},        {"completed", "completed"},
      {"cancelled", "cancelled"},    {"refunded", "refunded"},
      {"failed", "failed"},          {"trash", "cancelled"},
      {"checkout-draft", "pending"}, {"wc-shipped-by-plugin", "pending"}};
  const std::string order = fixture("woocommerce/order.json");
  for (const auto& [native, normalized] : table) {
    const std::string body =
        replaced(order, R"("status":"processing")", R"("status":")" + native + R"(")");
    EXPECT_EQ(
        status_of("woocommerce", test::woo_store("https://shop.example"), {answer(200, body)}),
        normalized)
        << native;
  }
}

TEST(OrderStatus, MagentoStatesNotStatusLabels) {
  // Magento\Sales\Model\Order::STATE_*; the status is a configurable label under a state.
  const std::vector<std::pair<std::string, std::string>> table{
      {"new", "pending"},        {"pending_payment", "pending"}, {"processing", "processing"},
      {"holded", "on_hold"},     {"payment_review", "on_hold"},  {"complete", "completed"},
      {"canceled", "cancelled"}, {"closed", "refunded"}};
  const std::string order = fixture("magento/order.json");
  for (const auto& [state, normalized] : table) {
    const std::string body = replaced(order, R"("state":"new")", R"("state":")" + state + R"(")");
    EXPECT_EQ(status_of("magento", test::mage_store(), {answer(200, body)}), normalized) << state;
  }
  // A custom status label under a state follows the state.
  const std::string labelled =
      replaced(replaced(order, R"("state":"new")", R"("state":"processing")"),
               R"("status":"pending")", R"("status":"fraud")");
  EXPECT_EQ(status_of("magento", test::mage_store(), {answer(200, labelled)}), "processing");
}

TEST(OrderStatus, BigCommerceStatusIds) {
  // GET /v2/order_statuses: the 15 ids and their meaning.
  const std::vector<std::pair<int, std::string>> table{
      {0, "pending"},    {1, "pending"},    {2, "completed"},  {3, "processing"},
      {4, "refunded"},   {5, "cancelled"},  {6, "failed"},     {7, "pending"},
      {8, "processing"}, {9, "processing"}, {10, "completed"}, {11, "processing"},
      {12, "on_hold"},   {13, "on_hold"},   {14, "completed"}};
  const std::string order = fixture("bigcommerce/order.json");
  const std::string products = fixture("bigcommerce/order_products.json");
  for (const auto& [id, normalized] : table) {
    const std::string body =
        replaced(order, R"("status_id":11)", R"("status_id":)" + std::to_string(id));
    EXPECT_EQ(status_of("bigcommerce", test::bc_store(),
                        {answer(200, body), answer(200, products), answer(204, "")}),
              normalized)
        << id;
  }
}

TEST(OrderStatus, ShopifyFromCancellationPaymentAndFulfillment) {
  // Order.displayFinancialStatus × displayFulfillmentStatus, and cancelledAt first.
  struct Row {
    std::string financial, fulfillment;
    bool cancelled;
    std::string normalized;
  };
  const std::vector<Row> table{{"PENDING", "UNFULFILLED", false, "pending"},
                               {"AUTHORIZED", "UNFULFILLED", false, "pending"},
                               {"PAID", "UNFULFILLED", false, "processing"},
                               {"PARTIALLY_PAID", "UNFULFILLED", false, "processing"},
                               {"PAID", "PARTIALLY_FULFILLED", false, "processing"},
                               {"PAID", "IN_PROGRESS", false, "processing"},
                               {"PAID", "SCHEDULED", false, "processing"},
                               {"PAID", "ON_HOLD", false, "on_hold"},
                               {"AUTHORIZED", "ON_HOLD", false, "on_hold"},
                               {"PAID", "FULFILLED", false, "completed"},
                               {"PENDING", "FULFILLED", false, "completed"},
                               {"PARTIALLY_REFUNDED", "FULFILLED", false, "completed"},
                               {"PARTIALLY_REFUNDED", "UNFULFILLED", false, "processing"},
                               {"REFUNDED", "FULFILLED", false, "refunded"},
                               {"REFUNDED", "UNFULFILLED", false, "refunded"},
                               {"VOIDED", "UNFULFILLED", false, "failed"},
                               {"EXPIRED", "UNFULFILLED", false, "failed"},
                               {"PAID", "UNFULFILLED", true, "cancelled"},
                               {"REFUNDED", "UNFULFILLED", true, "cancelled"},
                               {"VOIDED", "UNFULFILLED", true, "cancelled"}};
  const std::string order = fixture("shopify/order.json");
  for (const auto& row : table) {
    std::string node = replaced(order, R"("displayFinancialStatus":"PARTIALLY_REFUNDED")",
                                R"("displayFinancialStatus":")" + row.financial + R"(")");
    node = replaced(node, R"("displayFulfillmentStatus":"FULFILLED")",
                    R"("displayFulfillmentStatus":")" + row.fulfillment + R"(")");
    if (row.cancelled) {
      node = replaced(node, R"("cancelledAt":null)", R"("cancelledAt":"2022-01-03T00:00:00Z")");
    }
    EXPECT_EQ(status_of("shopify", test::shop_store(),
                        {answer(200, R"({"data":{"order":)" + node + "}}")}),
              row.normalized)
        << row.financial << "/" << row.fulfillment << (row.cancelled ? " cancelled" : "");
  }
}

}  // namespace
}  // namespace cartgate
