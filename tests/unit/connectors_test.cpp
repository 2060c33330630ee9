// The four built-in connectors without I/O: mapping of documented payload shapes (fixtures in
// tests/fixtures), the requests they ask for, how they read pages, errors and throttling, and
// webhook signatures against the vectors of ../shared/platform-contracts.md §5.
#include <fstream>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/platform_json.hpp>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using test::answer;
using test::bc_store;
using test::builtin;
using test::Drive;
using test::fixture;
using test::mage_store;
using test::read;
using test::shop_store;
using test::woo_store;

// ---- WooCommerce ---------------------------------------------------------------------------

TEST(WooCommerce, MapsTheDocumentedOrder) {
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          read(Entity::order, ReadVerb::info)};
  d.call.read.id = "727";
  auto out = d.run({{answer(200, fixture("woocommerce/order.json"))}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& o = out.result.at("item");
  EXPECT_EQ(o.at("id"), "727");
  EXPECT_EQ(o.at("created_at"), "2017-03-22T19:28:02Z");  // the _gmt field, not site time
  EXPECT_EQ(o.at("status"), "processing");
  EXPECT_EQ(o.at("financial_status"), "paid");
  EXPECT_EQ(o.at("totals").at("total").at("amount"), "29.35");
  EXPECT_EQ(o.at("totals").at("subtotal").at("amount"), "18.00");
  EXPECT_EQ(o.at("totals").at("shipping").at("amount"), "10.00");
  EXPECT_EQ(o.at("identity").at("email"), "john.doe@example.com");  // trimmed, lower-cased
  EXPECT_EQ(o.at("identity").at("guest"), true);
  EXPECT_TRUE(o.at("identity").at("customer_id").is_null());
  EXPECT_EQ(o.at("billing_address").at("region_code"), "CA");
  const auto& lines = o.at("line_items").as_array();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].at("unit_price").at("amount"), "3.00");
  EXPECT_EQ(lines[0].at("tax").at("amount"), "0.45");
  EXPECT_TRUE(lines[0].at("variant_id").is_null());  // variation_id 0
  EXPECT_EQ(lines[1].at("variant_id"), "23");
}

TEST(WooCommerce, SignsOAuthOverHttpAndUsesBasicOverHttps) {
  Drive http{builtin("woocommerce"), woo_store("http://shop.example/wp"),
             read(Entity::order, ReadVerb::list, 5)};
  auto first = http.run({});
  ASSERT_EQ(first.kind, StepKind::requests);
  const auto& req = first.requests.at(0);
  EXPECT_TRUE(
      req.url.starts_with("http://shop.example/wp/wp-json/wc/v3/"
                          "orders?orderby=date&order=asc&dates_are_gmt=true&before="));
  EXPECT_NE(req.url.find("&status=any&per_page=5&offset=0"), std::string::npos);
  // OAuth travels in the query string, which hosts that drop Authorization still pass.
  EXPECT_FALSE(find_header(req.headers, "Authorization"));
  EXPECT_NE(req.url.find("&oauth_consumer_key=ck_1&"), std::string::npos) << req.url;
  EXPECT_NE(req.url.find("&oauth_signature="), std::string::npos) << req.url;
  Drive https{builtin("woocommerce"), woo_store("https://shop.example"),
              read(Entity::order, ReadVerb::list, 5)};
  auto secure = https.run({});
  EXPECT_EQ(*find_header(secure.requests.at(0).headers, "Authorization"),
            "Basic " + sdk::base64_encode("ck_1:cs_1"));
  // What the probe found out about the host: keys in the query string, never in clear text.
  StoreContext stripping = woo_store("https://shop.example");
  stripping.settings["auth"] = "query_string";
  Drive query{builtin("woocommerce"), stripping, read(Entity::order, ReadVerb::list, 5)};
  const StepOutcome queried = query.run({});
  const auto& sent = queried.requests.at(0);
  EXPECT_FALSE(find_header(sent.headers, "Authorization"));
  EXPECT_NE(sent.url.find("consumer_key=ck_1&consumer_secret=cs_1"), std::string::npos);
  StoreContext plain = woo_store("http://shop.example");
  plain.settings["auth"] = "query_string";
  Drive refused{builtin("woocommerce"), plain, read(Entity::order, ReadVerb::list, 5)};
  EXPECT_EQ(refused.run({}).requests.at(0).url.find("consumer_secret"), std::string::npos);
}

TEST(WooCommerce, PagesByOffsetUntilTheTotal) {
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          read(Entity::order, ReadVerb::list, 2)};
  const std::string order = fixture("woocommerce/order.json");
  auto out = d.run({{answer(200, "[" + order + "," + order + "]",
                            {{"X-WP-Total", "5"}, {"X-WP-TotalPages", "3"}})}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(out.result.at("items").as_array().size(), 2u);
  EXPECT_EQ(out.result.at("total"), 5);
  const auto token = json::parse(out.result.at("next_page_token").as_string());
  EXPECT_EQ(token.at("offset"), 2);
  // The next page starts there and keeps the scan's pin.
  Drive next{builtin("woocommerce"), woo_store("https://shop.example"),
             read(Entity::order, ReadVerb::list, 2)};
  next.call.read.page_token = std::string(out.result.at("next_page_token").as_string());
  auto second = next.run({});
  EXPECT_NE(second.requests.at(0).url.find("offset=2"), std::string::npos);
}

TEST(WooCommerce, ErrorsAndUnsupportedCalls) {
  Drive bad{builtin("woocommerce"), woo_store("https://shop.example"),
            read(Entity::order, ReadVerb::list)};
  auto refused = bad.run({{answer(
      401,
      R"({"code":"woocommerce_rest_authentication_error","message":"Invalid signature - provided signature does not match.","data":{"status":401}})")}});
  EXPECT_EQ(refused.kind, StepKind::failed);
  EXPECT_EQ(refused.error.kind, ConnectorErrorKind::bad_credentials);
  Drive garbage{builtin("woocommerce"), woo_store("https://shop.example"),
                read(Entity::order, ReadVerb::list)};
  EXPECT_EQ(garbage.run({{answer(200, "<html>maintenance</html>")}}).error.kind,
            ConnectorErrorKind::invalid_response);
  Drive carts{builtin("woocommerce"), woo_store("https://shop.example"),
              read(Entity::cart, ReadVerb::list)};
  EXPECT_EQ(carts.run({}).error.kind, ConnectorErrorKind::unsupported);
  Drive customers{builtin("woocommerce"), woo_store("https://shop.example"),
                  read(Entity::customer, ReadVerb::list)};
  customers.call.read.modified_from = parse_rfc3339("2026-01-01T00:00:00Z");
  EXPECT_EQ(customers.run({}).error.kind, ConnectorErrorKind::invalid_query);
  Drive path{builtin("woocommerce"), woo_store("https://shop.example"),
             read(Entity::order, ReadVerb::info)};
  path.call.read.id = "1/../../users";
  EXPECT_EQ(path.run({}).error.kind, ConnectorErrorKind::not_found);  // never reaches a URL
}

TEST(WooCommerce, WebhookSignaturePingAndPayload) {
  const auto& c = builtin("woocommerce");
  const StoreContext store = woo_store("https://shop.example");
  const std::string body = R"({"id":727,"status":"processing","total":"29.35"})";
  // C1: the signature of this body with this secret.
  EXPECT_EQ(sdk::base64_encode(sdk::hmac_sha256("wc_webhook_secret", body)),
            "HaKtjYeoWznV9Z3yn0/L5SCLOoboKRpdanyt3SidtKk=");
  HttpHeaders ping_headers;
  EXPECT_EQ(c.handle_webhook({store, ping_headers, "webhook_id=12", {}}).verdict,
            WebhookVerdict::ping);
  EXPECT_EQ(c.handle_webhook({store, ping_headers, "webhook_id=12&x=1", {}}).verdict,
            WebhookVerdict::rejected);
  const std::string order = fixture("woocommerce/order.json");
  HttpHeaders h{
      {"X-WC-Webhook-Topic", "order.updated"},
      {"X-WC-Webhook-Delivery-ID", "d1"},
      {"X-WC-Webhook-Signature", sdk::base64_encode(sdk::hmac_sha256("wc_webhook_secret", order))}};
  auto r = c.handle_webhook({store, h, order, {}});
  ASSERT_EQ(r.verdict, WebhookVerdict::accepted) << r.reason;
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_EQ(r.changes[0].type, EventType::order_update);
  EXPECT_EQ(r.changes[0].entity.at("id"), "727");
  // WooCommerce gives every delivery of a webhook within one second the same delivery id: the
  // key is the change (webhook, topic, signed body), so another order in that second is new.
  const std::string key = r.changes[0].dedupe_id;
  EXPECT_EQ(key.size(), 64u);
  EXPECT_EQ(c.handle_webhook({store, h, order, {}}).changes.at(0).dedupe_id, key);
  std::string other = order;
  other.replace(other.find("727"), 3, "728");
  HttpHeaders same_second = h;
  same_second[2].value = sdk::base64_encode(sdk::hmac_sha256("wc_webhook_secret", other));
  auto second = c.handle_webhook({store, same_second, other, {}});
  ASSERT_EQ(second.verdict, WebhookVerdict::accepted) << second.reason;
  EXPECT_NE(second.changes.at(0).dedupe_id, key);
  h[2].value = sdk::base64_encode(sdk::hmac_sha256("wrong", order));
  EXPECT_EQ(c.handle_webhook({store, h, order, {}}).verdict, WebhookVerdict::rejected);
}

// ---- Magento --------------------------------------------------------------------------------

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

// ---- BigCommerce ------------------------------------------------------------------------------

// POST /v3/hooks answers 422 for a destination that is not HTTPS on port 443: no retry mends
// that, so it is `unsupported` with the reason (the gateway then polls the store).
TEST(BigCommerce, AHookDestinationThatIsNotHttpsOn443IsUnsupported) {
  Call call;
  call.kind = CallKind::webhooks_sync;
  call.params = json::object{};
  Drive d{builtin("bigcommerce"), bc_store(), call};
  d.env.callback_url = "http://gw.example:8080/v1/ingest/bigcommerce/st_bc";
  auto out =
      d.run({{answer(200, R"({"data":[],"meta":{}})")},
             {answer(422, R"({"status":422,"title":"destination must use HTTPS on port 443"})")}});
  ASSERT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::unsupported);
  EXPECT_NE(out.error.message.find("HTTPS on port 443"), std::string::npos);
  // Another 422 stays what it was.
  Drive other{builtin("bigcommerce"), bc_store(), call};
  other.env.callback_url = "https://gw.example/v1/ingest/bigcommerce/st_bc";
  auto refused = other.run({{answer(200, R"({"data":[],"meta":{}})")},
                            {answer(422, R"({"status":422,"title":"scope is invalid"})")}});
  ASSERT_EQ(refused.kind, StepKind::failed);
  EXPECT_NE(refused.error.kind, ConnectorErrorKind::unsupported);
}

TEST(BigCommerce, MapsTheDocumentedOrderWithItsProducts) {
  Drive d{builtin("bigcommerce"), bc_store(), read(Entity::order, ReadVerb::info)};
  d.call.read.id = "100";
  auto out = d.run({{answer(200, fixture("bigcommerce/order.json")),
                     answer(200, fixture("bigcommerce/order_products.json")), answer(204, "")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(*find_header(d.steps[0].requests[0].headers, "X-Auth-Token"), "tok");
  EXPECT_EQ(d.steps[0].requests[0].url, "https://api.bigcommerce.com/stores/abc123/v2/orders/100");
  const auto& o = out.result.at("item");
  EXPECT_EQ(o.at("created_at"), "2018-01-10T21:05:30Z");  // RFC 2822
  EXPECT_EQ(o.at("status"), "processing");                // 11 Awaiting Fulfillment
  EXPECT_EQ(o.at("native_status"), "Awaiting Fulfillment");
  EXPECT_EQ(o.at("totals").at("total").at("amount"), "361.95");  // "361.9500"
  EXPECT_EQ(o.at("identity").at("customer_id"), "20");
  EXPECT_EQ(o.at("billing_address").at("country_code"), "US");
  EXPECT_TRUE(o.at("shipping_address").is_null());  // 204: none
  const auto& line = o.at("line_items").at(0);
  EXPECT_EQ(line.at("discount").at("amount"), "10.00");
  EXPECT_EQ(line.at("total").at("amount"), "88.00");
}

TEST(BigCommerce, EmptyPageIs204AndA429CarriesTheWindowReset) {
  Drive d{builtin("bigcommerce"), bc_store(), read(Entity::order, ReadVerb::list)};
  auto empty = d.run({{answer(
      204, "", {{"X-Rate-Limit-Requests-Left", "140"}, {"X-Rate-Limit-Requests-Quota", "150"}})}});
  ASSERT_EQ(empty.kind, StepKind::done) << empty.error.message;
  EXPECT_TRUE(empty.result.at("items").as_array().empty());
  EXPECT_TRUE(empty.result.at("next_page_token").is_null());
  ASSERT_EQ(empty.observations.size(), 1u);
  EXPECT_EQ(empty.observations[0].remaining, 140);
  Drive t{builtin("bigcommerce"), bc_store(), read(Entity::order, ReadVerb::list)};
  auto throttled = t.run({{answer(
      429, "", {{"X-Rate-Limit-Time-Reset-Ms", "15000"}, {"X-Rate-Limit-Requests-Left", "0"}})}});
  EXPECT_EQ(throttled.error.kind, ConnectorErrorKind::rate_limited);
  EXPECT_EQ(throttled.error.retry_after_ms, 15000);
  EXPECT_TRUE(throttled.observations.at(0).throttled);
}

TEST(BigCommerce, StandardWebhooksSignature) {
  const auto& c = builtin("bigcommerce");
  const StoreContext store = bc_store();
  const std::string body =
      R"({"scope":"store/order/created","store_id":"1025646","data":{"type":"order","id":250},"hash":"dd70c0976e06b67aaf671e73f49dcb79230ebf9d","created_at":1561479335,"producer":"stores/abc123"})";
  // The store token the gateway set when it registered the hook.
  const std::string token = sdk::base64url_encode(
      sdk::hmac_sha256(store.credentials.at("client_secret"), "cartgate-store|" + store.store_id));
  HttpHeaders h{{"webhook-id", "msg_1"},
                {"webhook-timestamp", "1561479335"},
                {"webhook-signature", "v1,N2S2oGuVn21zvopcevKzwxYSm/TMacXdS2GUpX6cGLA="},  // C5
                {"X-Cartgate-Store-Token", token}};
  const Timestamp sent{std::chrono::seconds(1561479335)};
  auto r = c.handle_webhook({store, h, body, sent + std::chrono::seconds(30)});
  ASSERT_EQ(r.verdict, WebhookVerdict::accepted) << r.reason;
  EXPECT_EQ(r.changes.at(0).type, EventType::order_add);
  EXPECT_EQ(r.changes.at(0).entity_id, "250");
  EXPECT_TRUE(r.changes.at(0).entity.is_null());  // thin: fetched before dispatch
  EXPECT_EQ(c.handle_webhook({store, h, body, sent + std::chrono::minutes(6)}).verdict,
            WebhookVerdict::rejected);                                     // replayed too late
  h[2].value = "v1,AAAA v1,N2S2oGuVn21zvopcevKzwxYSm/TMacXdS2GUpX6cGLA=";  // several signatures
  EXPECT_EQ(c.handle_webhook({store, h, body, sent}).verdict, WebhookVerdict::accepted);
  EXPECT_EQ(c.handle_webhook({store, h, body + " ", sent}).verdict, WebhookVerdict::rejected);
  // Authentic for the app, but another store's (or no) token: not this store's delivery.
  h[3].value = token + "x";
  EXPECT_EQ(c.handle_webhook({store, h, body, sent}).verdict, WebhookVerdict::rejected);
  h.pop_back();
  EXPECT_EQ(c.handle_webhook({store, h, body, sent}).verdict, WebhookVerdict::rejected);
}

// ---- Shopify ----------------------------------------------------------------------------------

TEST(Shopify, MapsAGraphQLOrder) {
  Drive d{builtin("shopify"), shop_store(), read(Entity::order, ReadVerb::info)};
  d.call.read.id = "820982911946154508";
  auto out = d.run({{answer(200, R"({"data":{"order":)" + fixture("shopify/order.json") + "}}")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& req = d.steps[0].requests[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://demo.myshopify.com/admin/api/2025-10/graphql.json");
  EXPECT_EQ(*find_header(req.headers, "X-Shopify-Access-Token"), "shpat_1");
  const auto& o = out.result.at("item");
  EXPECT_EQ(o.at("id"), "820982911946154508");
  EXPECT_EQ(o.at("status"), "completed");
  EXPECT_EQ(o.at("financial_status"), "partially_refunded");
  EXPECT_EQ(o.at("totals").at("subtotal").at("amount"), "398.00");  // before discounts
  EXPECT_EQ(o.at("totals").at("refunded").at("amount"), "50.00");
  EXPECT_EQ(o.at("identity").at("email"), "jon@example.com");
  EXPECT_EQ(o.at("line_items").at(0).at("total").at("amount"), "378.00");
}

// A webhook's read-back is order(id:): its lines past the first page are read as a list's are.
TEST(Shopify, AnOrderReadByIdPagesItsLines) {
  Drive d{builtin("shopify"), shop_store(), read(Entity::order, ReadVerb::info)};
  d.call.read.id = "820982911946154508";
  std::string order = fixture("shopify/order.json");
  const std::string no_more = R"("pageInfo":{"hasNextPage":false,"endCursor":null})";
  order.replace(order.find(no_more), no_more.size(),
                R"("pageInfo":{"hasNextPage":true,"endCursor":"c5"})");
  const std::string line_page =
      R"({"data":{"order":{"lineItems":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[{"id":"gid://shopify/LineItem/7","name":"Sixth","quantity":1,"sku":"S6","variant":null,"product":null,"originalUnitPriceSet":{"shopMoney":{"amount":"1.0","currencyCode":"USD"}},"totalDiscountSet":{"shopMoney":{"amount":"0.0","currencyCode":"USD"}},"taxLines":[]}]}}}})";
  auto out =
      d.run({{answer(200, R"({"data":{"order":)" + order + "}}")}, {answer(200, line_page)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.at(1).requests.size(), 1u);  // one follow-up for the remaining lines
  EXPECT_NE(d.steps[1].requests.at(0).body.find("\"after\":\"c5\""), std::string::npos);
  const auto& lines = out.result.at("item").at("line_items").as_array();
  EXPECT_EQ(lines.back().at("name"), "Sixth");
  EXPECT_EQ(out.result.at("item").at("id"), "820982911946154508");
}

// Protected customer data without approval: data with nulls plus ACCESS_DENIED errors. The
// order is mapped, the withheld fields become warnings, the hidden customer is no guest.
TEST(Shopify, WithheldFieldsAreWarningsNotAFailure) {
  std::string order = fixture("shopify/order.json");
  const auto cut = [&](const std::string& key, const std::string& until) {
    const auto from = order.find("\"" + key + "\":");
    const auto to = order.find(until, from);
    order.replace(from, to - from, "\"" + key + "\":null");
  };
  cut("customer", R"(,"billingAddress")");
  cut("billingAddress", R"(,"shippingAddress")");
  order.replace(order.find(R"("email":"Jon@Example.com")"), 25, R"("email":null)");
  const std::string errors =
      R"([{"message":"This app is not approved to access the Customer object.","path":["order","customer"],"extensions":{"code":"ACCESS_DENIED"}},{"message":"This app is not approved to access the MailingAddress object.","path":["order","billingAddress"],"extensions":{"code":"ACCESS_DENIED"}},{"message":"This app is not approved to use the email field.","path":["order","email"],"extensions":{"code":"ACCESS_DENIED"}}])";
  Drive d{builtin("shopify"), shop_store(), read(Entity::order, ReadVerb::info)};
  d.call.read.id = "820982911946154508";
  auto out =
      d.run({{answer(200, R"({"data":{"order":)" + order + R"(},"errors":)" + errors + "}")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& o = out.result.at("item");
  EXPECT_FALSE(o.at("identity").at("guest").as_bool());
  EXPECT_FALSE(o.at("identity").as_object().contains("email") &&
               o.at("identity").at("email").is_string());
  const auto& warnings = out.result.at("warnings").as_array();
  ASSERT_EQ(warnings.size(), 3u);
  EXPECT_EQ(warnings[0].at("record_id"), "820982911946154508");
  EXPECT_EQ(warnings[0].at("field"), "customer");
  EXPECT_EQ(warnings[0].at("code"), "field_withheld");
  // Not every error is partial: one that is not field-level still fails the read.
  Drive whole{builtin("shopify"), shop_store(), read(Entity::order, ReadVerb::info)};
  whole.call.read.id = "820982911946154508";
  auto refused = whole.run({{answer(
      200,
      R"({"data":null,"errors":[{"message":"Access denied for orders field.","extensions":{"code":"ACCESS_DENIED"}}]})")}});
  EXPECT_EQ(refused.kind, StepKind::failed);
}

TEST(Shopify, ThrottledAt200IsARateLimitWithTheRestoreWait) {
  Drive d{builtin("shopify"), shop_store(), read(Entity::customer, ReadVerb::list)};
  auto out = d.run({{answer(
      200,
      R"({"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],"extensions":{"cost":{"requestedQueryCost":752,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":1000.0,"currentlyAvailable":552,"restoreRate":50.0}}}})")}});
  ASSERT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::rate_limited);
  EXPECT_EQ(out.error.retry_after_ms, 4000);  // (752 - 552) / 50 per second
  ASSERT_FALSE(out.observations.empty());
  EXPECT_EQ(out.observations[0].remaining, 552);
  EXPECT_EQ(out.observations[0].capacity, 1000);
}

TEST(Shopify, WebhookHmacMatchesTheOfficialVector) {
  const auto& c = builtin("shopify");
  const std::string body = R"({"foo": "bar"})";
  HttpHeaders h{{"X-Shopify-Hmac-Sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="},  // V1
                {"X-Shopify-Topic", "app/uninstalled"},
                {"X-Shopify-Shop-Domain", "demo.myshopify.com"}};
  EXPECT_EQ(c.handle_webhook({shop_store(), h, body, {}}).verdict, WebhookVerdict::accepted);
  h[0].value = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7h=";
  EXPECT_EQ(c.handle_webhook({shop_store(), h, body, {}}).verdict, WebhookVerdict::rejected);
}

TEST(Shopify, AnAuthenticDeliveryForAnotherShopIsRejected) {
  // One app secret signs every shop's deliveries: the shop domain binds one to its store.
  const auto& c = builtin("shopify");
  const std::string body = R"({"foo": "bar"})";
  HttpHeaders h{{"X-Shopify-Hmac-Sha256", "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="},
                {"X-Shopify-Topic", "app/uninstalled"},
                {"X-Shopify-Shop-Domain", "other.myshopify.com"}};
  auto r = c.handle_webhook({shop_store(), h, body, {}});
  EXPECT_EQ(r.verdict, WebhookVerdict::rejected);
  EXPECT_NE(r.reason.find("another shop"), std::string::npos);
  h[2].value = "DEMO.myshopify.com";  // domains compare without case
  EXPECT_EQ(c.handle_webhook({shop_store(), h, body, {}}).verdict, WebhookVerdict::accepted);
  h.pop_back();
  EXPECT_EQ(c.handle_webhook({shop_store(), h, body, {}}).verdict, WebhookVerdict::rejected);
}

TEST(Shopify, CartWebhooksAreMappedFromThePayload) {
  const auto& c = builtin("shopify");
  const auto sign = [](const std::string& body) {
    return sdk::base64_encode(sdk::hmac_sha256("test_secret_key", body));
  };
  const std::string body = fixture("shopify/cart_webhook.json");
  HttpHeaders h{{"X-Shopify-Hmac-Sha256", sign(body)},
                {"X-Shopify-Topic", "carts/update"},
                {"X-Shopify-Shop-Domain", "demo.myshopify.com"},
                {"X-Shopify-Event-Id", "ev-1"}};
  auto r = c.handle_webhook({shop_store(), h, body, {}});
  ASSERT_EQ(r.verdict, WebhookVerdict::accepted) << r.reason;
  ASSERT_EQ(r.changes.size(), 1u);
  EXPECT_EQ(r.changes[0].type, EventType::cart_update);
  EXPECT_EQ(r.changes[0].entity_id, "c1-7a3f9e2b6d0c4e1a8b5f");
  EXPECT_EQ(r.changes[0].dedupe_id, "ev-1");
  // Shopify cannot read a cart back: the payload is the entity, not a thin announcement.
  auto cart = json::try_value_to<Cart>(r.changes[0].entity);
  ASSERT_TRUE(cart.has_value()) << json::serialize(r.changes[0].entity);
  EXPECT_EQ(format_rfc3339(cart->updated_at), "2026-11-24T14:12:05Z");
  EXPECT_EQ(cart->currency, "CAD");
  EXPECT_EQ(cart->status, CartStatus::active);
  EXPECT_FALSE(cart->totals.has_value());
  EXPECT_TRUE(cart->identity.guest);
  ASSERT_EQ(cart->line_items.size(), 1u);
  const LineItem& line = cart->line_items[0];
  EXPECT_EQ(line.id, "45120391839022:8d2e9c1f0b7a4c3e");
  EXPECT_EQ(line.quantity, 2);
  EXPECT_EQ(line.unit_price.minor_units, 2000);
  EXPECT_EQ(line.subtotal.minor_units, 4000);
  EXPECT_EQ(line.discount.minor_units, 400);
  EXPECT_EQ(line.total.minor_units, 3600);

  // Emptied: no line names a currency, and none is involved.
  const std::string empty =
      R"({"id":"t2","token":"t2","line_items":[],"created_at":"2026-11-24T09:00:00Z"})";
  h[0].value = sign(empty);
  r = c.handle_webhook({shop_store(), h, empty, {}});
  ASSERT_EQ(r.verdict, WebhookVerdict::accepted) << r.reason;
  EXPECT_EQ(r.changes.at(0).entity.at("currency"), "XXX");
  EXPECT_TRUE(r.changes.at(0).entity.at("line_items").as_array().empty());

  // Authentic but unusable: refused as malformed, nothing to enqueue.
  const std::string nameless = R"({"line_items":[],"created_at":"2026-11-24T09:00:00Z"})";
  h[0].value = sign(nameless);
  EXPECT_EQ(c.handle_webhook({shop_store(), h, nameless, {}}).verdict, WebhookVerdict::malformed);
}

}  // namespace
}  // namespace cartgate
