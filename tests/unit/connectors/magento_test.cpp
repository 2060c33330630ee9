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

// The documented order (entity 3, state new, status pending) in another state, with comments.
// Edited as text: re-serializing would rewrite its decimal amounts as doubles.
std::string mage_order(std::string_view state, std::string_view status, json::array histories = {},
                       std::string_view hold_before = "") {
  std::string text = fixture("magento/order.json");
  const std::string was = R"("state":"new","status":"pending",)";
  json::object extra{{"state", state}, {"status", status}, {"status_histories", histories}};
  if (!hold_before.empty()) {
    extra["hold_before_state"] = hold_before;
    extra["hold_before_status"] = hold_before == "new" ? "pending" : hold_before;
  }
  std::string fields = json::serialize(extra);
  fields = fields.substr(1, fields.size() - 2) + ",";
  text.replace(text.find(was), was.size(), fields);
  return text;
}

TEST(Magento, OrderUpdateActsThenCommentsWithTheStatusTheOrderWillHave) {
  Drive d{builtin("magento"), mage_store(),
          order_update("3", {{"status", "on_hold"}, {"note", "Fraud check"}})};
  auto out = d.run({{answer(200, mage_order("new", "pending"))},
                    {answer(200, "true")},
                    {answer(200, "true")},
                    {answer(200, mage_order("holded", "holded"))}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 5u);
  EXPECT_EQ(d.steps[0].requests.at(0).method, "GET");
  const auto& hold = d.steps[1].requests.at(0);
  EXPECT_EQ(hold.method, "POST");
  EXPECT_NE(hold.url.find("/rest/V1/orders/3/hold"), std::string::npos) << hold.url;
  EXPECT_NE(find_header(hold.headers, "Authorization")->find("oauth_signature"), std::string::npos);
  const auto& comment = d.steps[2].requests.at(0);
  EXPECT_NE(comment.url.find("/orders/3/comments"), std::string::npos);
  // The status after the hold goes with the comment, or Magento would empty the order's.
  EXPECT_EQ(json::parse(comment.body), (json::object{{"statusHistory",
                                                      {{"comment", "Fraud check"},
                                                       {"is_customer_notified", 0},
                                                       {"is_visible_on_front", 0},
                                                       {"status", "holded"}}}}));
  EXPECT_EQ(out.result.at("item").at("status"), "on_hold");
}

TEST(Magento, OrderUpdateReleasesAHoldOnlyBackToTheStateItLeft) {
  Drive back{builtin("magento"), mage_store(), order_update("3", {{"status", "processing"}})};
  back.run({{answer(200, mage_order("holded", "holded", {}, "processing"))}});
  EXPECT_NE(back.steps.at(1).requests.at(0).url.find("/orders/3/unhold"), std::string::npos);

  // Released with a note: the comment carries the status the order returns to, the state's
  // default when the answer does not name it.
  std::string held = mage_order("holded", "holded", {}, "new");
  held.replace(held.find(R"(,"hold_before_status":"pending")"), 31, "");
  Drive noted{builtin("magento"), mage_store(),
              order_update("3", {{"status", "pending"}, {"note", "Cleared"}})};
  noted.run({{answer(200, held)}, {answer(200, "true")}});
  ASSERT_EQ(noted.steps.size(), 3u);
  EXPECT_EQ(json::parse(noted.steps[2].requests.at(0).body).at("statusHistory").at("status"),
            "pending");

  Drive elsewhere{builtin("magento"), mage_store(), order_update("3", {{"status", "processing"}})};
  auto out = elsewhere.run({{answer(200, mage_order("holded", "holded", {}, "new"))}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::unsupported);
  EXPECT_EQ(elsewhere.steps.size(), 2u) << "nothing written";

  Drive complete{builtin("magento"), mage_store(), order_update("3", {{"status", "completed"}})};
  EXPECT_EQ(complete.run({}).error.kind, ConnectorErrorKind::unsupported);
  EXPECT_TRUE(complete.steps.at(0).requests.empty());

  // Already there: no action, only the read back.
  Drive there{builtin("magento"), mage_store(), order_update("3", {{"status", "cancelled"}})};
  there.run({{answer(200, mage_order("canceled", "canceled"))}});
  EXPECT_EQ(there.steps.at(1).requests.at(0).method, "GET");
}

TEST(Magento, OrderUpdateReconcilesACommentAndReadsRefusals) {
  const json::array histories{
      json::object{{"comment", "Packed"}, {"created_at", "2026-11-24 09:58:03"}},
      json::object{{"comment", "Old"}, {"created_at", "2026-11-01 10:00:00"}}};
  Drive found{builtin("magento"), mage_store(), order_update("3", {{"note", "Packed"}}, true)};
  found.run({{answer(200, mage_order("processing", "processing", histories))}});
  EXPECT_EQ(found.steps.at(1).requests.at(0).method, "GET") << "no second comment";
  Drive old{builtin("magento"), mage_store(), order_update("3", {{"note", "Old"}}, true)};
  old.run({{answer(200, mage_order("processing", "processing", histories))}});
  EXPECT_EQ(old.steps.at(1).requests.at(0).method, "POST") << "an older comment is another";

  const auto cancel = [](std::vector<HttpResponse> second) {
    Drive d{builtin("magento"), mage_store(), order_update("3", {{"status", "cancelled"}})};
    return d.run({{answer(200, mage_order("processing", "processing"))}, std::move(second)}).error;
  };
  auto e = cancel({answer(200, "false")});
  EXPECT_EQ(e.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(e.message.find("declined to cancel"), std::string::npos) << e.message;
  e = cancel({answer(401, R"({"message":"The consumer isn't authorized to access %resources.",
                              "parameters":{"resources":"Magento_Sales::cancel"}})")});
  EXPECT_EQ(e.kind, ConnectorErrorKind::forbidden);
  EXPECT_NE(e.message.find("authorized to access Magento_Sales::cancel"), std::string::npos)
      << e.message;
  e = cancel({answer(400, R"({"message":"A hold action is not available."})")});
  EXPECT_EQ(e.kind, ConnectorErrorKind::invalid_query);
  EXPECT_EQ(cancel({answer(500, "{}")}).kind, ConnectorErrorKind::upstream_error);
}

// The product search answer with one simple product: price 42, a special price of 39 (on sale).
std::string product_on_sale() {
  return R"({"items":[{"id":7,"sku":"OAK/7","price":42,"status":1,"visibility":4,
    "type_id":"simple","created_at":"2026-11-20 10:00:00","updated_at":"2026-11-24 09:00:00",
    "custom_attributes":[{"attribute_code":"special_price","value":"39.000000"}],
    "extension_attributes":{"stock_item":{"item_id":7,"qty":3}}}],"total_count":1})";
}

TEST(Magento, ProductUpdateEndsASaleThroughThePriceApiThenSavesAtTheGlobalScope) {
  StoreContext store = mage_store();
  store.settings["currency"] = "USD";
  Drive d{
      builtin("magento"), store,
      write_call("product.update", "7", {{"compare_at_price", nullptr}, {"stock_quantity", 5}})};
  d.run({{answer(200, product_on_sale())}, {answer(200, "[]")}});
  ASSERT_EQ(d.steps.size(), 3u);
  const HttpRequest& unsale = d.steps[1].requests.at(0);
  EXPECT_EQ(unsale.url, "https://m.example/rest/all/V1/products/special-price-delete");
  EXPECT_EQ(json::parse(unsale.body),
            json::parse(R"({"prices":[{"sku":"OAK/7","store_id":0,"price":"39.00"}]})"));
  // The sale ends at what customers paid; the SKU is one path segment.
  const HttpRequest& put = d.steps[2].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.url, "https://m.example/rest/all/V1/products/OAK%2F7");
  EXPECT_EQ(json::parse(put.body),
            json::parse(R"({"product":{"sku":"OAK/7","price":"39.00","extension_attributes":
                          {"stock_item":{"qty":5,"is_in_stock":true}}}})"));
}

TEST(Magento, ProductUpdateSetsASaleAsTheSpecialPriceAndReadsTheRefusals) {
  StoreContext store = mage_store();
  store.settings["currency"] = "USD";
  Drive sale{builtin("magento"), store,
             write_call("product.update", "7", {{"price", "30"}, {"status", "archived"}})};
  sale.run({{answer(200, product_on_sale())}});
  ASSERT_EQ(sale.steps.size(), 2u);
  EXPECT_EQ(json::parse(sale.steps[1].requests.at(0).body),
            json::parse(R"({"product":{"sku":"OAK/7","status":2,"visibility":1,"price":"42.00",
                          "custom_attributes":[{"attribute_code":"special_price","value":"30.00"}]}})"));
  // A row the price API could not take comes back in a list with 200: the write is refused.
  Drive failed{builtin("magento"), store,
               write_call("product.update", "7", {{"compare_at_price", nullptr}})};
  const auto out = failed.run(
      {{answer(200, product_on_sale())},
       {answer(200, R"([{"message":"Invalid attribute Price = %price. Row ID: SKU = %SKU.",
                         "parameters":{"price":-1,"SKU":"OAK/7"}}])")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(out.error.message.find("Invalid attribute Price = -1. Row ID: SKU = OAK/7."),
            std::string::npos)
      << out.error.message;
  Drive configurable{builtin("magento"), store,
                     write_call("product.update", "7", {{"price", "30"}})};
  std::string parent = product_on_sale();
  parent.replace(parent.find("\"simple\""), 8, "\"configurable\"");
  EXPECT_NE(configurable.run({{answer(200, parent)}}).error.message.find("configurable"),
            std::string::npos);
}

// customer.update: the customer read, then PUT whole (Magento saves the customer it is sent)
// without its addresses (kept) and its times (Magento's).
TEST(Magento, ACustomerIsPutWholeWithoutItsAddressesAndTimes) {
  const std::string customer =
      R"({"id":9,"group_id":1,"email":"ada@example.com","firstname":"Ada","lastname":"Byron",)"
      R"("created_at":"2026-11-01 10:00:00","updated_at":"2026-11-02 10:00:00","store_id":1,)"
      R"("website_id":1,"addresses":[{"id":9,"telephone":"555","street":["1 Main St"],)"
      R"("city":"London","country_id":"GB","postcode":"N1","firstname":"Ada","lastname":"Byron",)"
      R"("default_billing":true}]})";
  std::string saved = customer;
  saved.replace(saved.find("\"Byron\""), 7, "\"King\"");
  Drive d{builtin("magento"), mage_store(),
          write_call("customer.update", "9", {{"last_name", "King"}})};
  auto out = d.run({{answer(200, customer)}, {answer(200, saved)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 3u);
  EXPECT_EQ(d.steps[0].requests.at(0).method, "GET");
  const auto& put = d.steps[1].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_NE(put.url.find("/V1/customers/9"), std::string::npos) << put.url;
  EXPECT_EQ(json::parse(put.body), (json::object{{"customer",
                                                  {{"id", 9},
                                                   {"group_id", 1},
                                                   {"email", "ada@example.com"},
                                                   {"firstname", "Ada"},
                                                   {"lastname", "King"},
                                                   {"store_id", 1},
                                                   {"website_id", 1}}}}));
  EXPECT_EQ(out.result.at("item").at("last_name"), "King");

  // A new customer's phone needs an address to hold it.
  Drive phone{
      builtin("magento"), mage_store(),
      write_call(
          "customer.add", "",
          {{"email", "a@example.com"}, {"first_name", "A"}, {"last_name", "B"}, {"phone", "555"}})};
  EXPECT_EQ(phone.run({}).error.kind, ConnectorErrorKind::unsupported);
  Drive missing{builtin("magento"), mage_store(),
                write_call("customer.update", "9", {{"first_name", "A"}})};
  out =
      missing.run({{answer(404, R"({"message":"No such entity with %fieldName = %fieldValue",)"
                                R"("parameters":{"fieldName":"customerId","fieldValue":"9"}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::not_found);
  EXPECT_NE(out.error.message.find("customer"), std::string::npos) << out.error.message;
}

// customer.add: POST /V1/customers (createAccount) with both names; no phone (an address's);
// after an unknown outcome, the address searched first.
TEST(Magento, ACustomerAdditionIsOnePostOrTheAttemptsCustomer) {
  const std::string customer =
      R"({"id":31,"group_id":1,"email":"ada@example.com","firstname":"Ada","lastname":"King",)"
      R"("created_at":"2026-11-24 09:58:01","updated_at":"2026-11-24 09:58:01","store_id":1,)"
      R"("website_id":1,"addresses":[]})";
  const json::object add{
      {"email", "ada@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}};
  Drive d{builtin("magento"), mage_store(), write_call("customer.add", "", add)};
  auto out = d.run({{answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& post = d.steps[0].requests.at(0);
  EXPECT_EQ(post.method, "POST");
  EXPECT_NE(post.url.find("/V1/customers"), std::string::npos) << post.url;
  EXPECT_EQ(
      json::parse(post.body),
      (json::object{{"customer",
                     {{"email", "ada@example.com"}, {"firstname", "Ada"}, {"lastname", "King"}}}}));
  EXPECT_EQ(out.result.at("item").at("id"), "31");

  Drive found{builtin("magento"), mage_store(), write_call("customer.add", "", add, true)};
  out = found.run({{answer(200, R"({"items":[)" + customer + R"(],"total_count":1})")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_NE(found.steps[0].requests.at(0).url.find("customers/search"), std::string::npos);
  EXPECT_EQ(found.steps.size(), 2u);
  Drive phone{builtin("magento"), mage_store(),
              write_call("customer.add", "", {{"email", "a@example.com"}, {"phone", "555"}})};
  EXPECT_EQ(phone.run({}).error.kind, ConnectorErrorKind::unsupported);
  Drive unnamed{builtin("magento"), mage_store(),
                write_call("customer.add", "", {{"email", "a@example.com"}})};
  EXPECT_EQ(unnamed.run({}).error.kind, ConnectorErrorKind::invalid_query);
}

// The default address rides on the customer's PUT: every address as read, the default billing
// one replaced under its id; a phone alone is that address's telephone; a customer without an
// address takes no phone alone.
TEST(Magento, TheDefaultAddressIsSentWithEveryOtherAddress) {
  const std::string customer =
      R"({"id":9,"group_id":1,"email":"ada@example.com","firstname":"Ada","lastname":"Byron",)"
      R"("created_at":"2026-11-01 10:00:00","updated_at":"2026-11-02 10:00:00","store_id":1,)"
      R"("website_id":1,"default_billing":"7","addresses":[)"
      R"({"id":6,"street":["9 Old Rd"],"city":"Leeds","country_id":"GB","telephone":"1"},)"
      R"({"id":7,"region_id":12,"street":["1 Main St"],"city":"London","country_id":"GB",)"
      R"("telephone":"555","firstname":"Ada","lastname":"Byron"}]})";
  Drive d{builtin("magento"), mage_store(),
          write_call("customer.update", "9",
                     {{"default_address",
                       {{"address1", "2 High St"},
                        {"city", "Austin"},
                        {"country_code", "US"},
                        {"region_code", "TX"},
                        {"phone", "512"}}}})};
  auto out = d.run({{answer(200, customer)}, {answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const json::value sent = json::parse(d.steps[1].requests.at(0).body);
  const json::array& addresses = sent.at("customer").at("addresses").as_array();
  ASSERT_EQ(addresses.size(), 2u);
  EXPECT_EQ(addresses[0].at("id"), 6);  // as read
  EXPECT_EQ(addresses[0].at("city"), "Leeds");
  EXPECT_EQ(addresses[1].at("id"), 7);  // the default, replaced under its id
  EXPECT_EQ(addresses[1].at("street"), (json::array{"2 High St"}));
  EXPECT_EQ(addresses[1].at("country_id"), "US");
  EXPECT_EQ(addresses[1].at("firstname"), "Ada");  // the customer's
  EXPECT_FALSE(addresses[1].as_object().contains("region_id"));
  EXPECT_EQ(addresses[1].at("region").at("region_code"), "TX");

  Drive phone{builtin("magento"), mage_store(),
              write_call("customer.update", "9", {{"phone", "556"}})};
  out = phone.run({{answer(200, customer)}, {answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const json::value phoned = json::parse(phone.steps[1].requests.at(0).body);
  EXPECT_EQ(phoned.at("customer").at("addresses").at(1).at("telephone"), "556");
  EXPECT_EQ(phoned.at("customer").at("addresses").at(1).at("street"), (json::array{"1 Main St"}));

  std::string bare =
      customer.substr(0, customer.find(",\"default_billing\"")) + R"(,"addresses":[]})";
  Drive none{builtin("magento"), mage_store(),
             write_call("customer.update", "9", {{"phone", "556"}})};
  out = none.run({{answer(200, bare)}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query) << out.error.message;
  EXPECT_EQ(none.steps.size(), 2u);  // the look, and no PUT
}

}  // namespace
}  // namespace cartgate
