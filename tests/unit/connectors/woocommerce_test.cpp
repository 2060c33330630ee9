// The WooCommerce connector without I/O: mapping of documented payload shapes (fixtures in
// tests/fixtures), the requests it asks for, how it reads pages, errors and throttling, and
// webhook signatures against the vectors of ../shared/platform-contracts.md §5.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace test;  // the connector drive helpers (connector_drive.hpp)

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

TEST(WooCommerce, OrderUpdateSetsTheStatusThenAddsThePrivateNote) {
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          order_update("727", {{"status", "on_hold"}, {"note", "Held for review"}})};
  const std::string order = fixture("woocommerce/order.json");
  auto out = d.run({{answer(200, order)},
                    {answer(201, R"({"id":9,"note":"Held for review"})")},
                    {answer(200, order)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 4u);
  const auto& put = d.steps[0].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_NE(put.url.find("/wp-json/wc/v3/orders/727"), std::string::npos) << put.url;
  EXPECT_EQ(json::parse(put.body), (json::object{{"status", "on-hold"}}));
  const auto& note = d.steps[1].requests.at(0);
  EXPECT_EQ(note.method, "POST");
  EXPECT_NE(note.url.find("/orders/727/notes"), std::string::npos) << note.url;
  EXPECT_EQ(json::parse(note.body),
            (json::object{{"note", "Held for review"}, {"customer_note", false}}));
  EXPECT_EQ(d.steps[2].requests.at(0).method, "GET");
  EXPECT_EQ(out.result.at("item").at("id"), "727");
  EXPECT_TRUE(out.result.at("raw").is_object());
}

TEST(WooCommerce, OrderUpdateReconcilesANoteAnEarlierAttemptAdded) {
  // The earlier attempt began 09:58 UTC; the store holds the note since 09:58:03.
  Drive found{builtin("woocommerce"), woo_store("https://shop.example"),
              order_update("727", {{"note", "Packed"}}, true)};
  const std::string notes =
      R"([{"id":4,"note":"Packed","date_created_gmt":"2026-11-24T09:58:03","customer_note":false},
          {"id":3,"note":"Order status changed.","date_created_gmt":"2026-11-20T10:00:00"}])";
  auto out = found.run({{answer(200, notes)}, {answer(200, fixture("woocommerce/order.json"))}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(found.steps.size(), 3u);
  EXPECT_NE(found.steps[0].requests.at(0).url.find("/orders/727/notes"), std::string::npos);
  EXPECT_EQ(found.steps[1].requests.at(0).method, "GET");  // no second POST

  // The same text from long before is another note: this one is added.
  Drive old{builtin("woocommerce"), woo_store("https://shop.example"),
            order_update("727", {{"note", "Order status changed."}}, true)};
  old.run({{answer(200, notes)}});
  ASSERT_EQ(old.steps.size(), 2u);
  EXPECT_EQ(old.steps[1].requests.at(0).method, "POST");
}

TEST(WooCommerce, OrderUpdateRefusalsCarryTheStoresReason) {
  const auto refused = [](int status, std::string body) {
    Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
            order_update("727", {{"status", "completed"}})};
    return d.run({{answer(status, std::move(body))}}).error;
  };
  auto e =
      refused(400, R"({"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID."})");
  EXPECT_EQ(e.kind, ConnectorErrorKind::not_found);
  e = refused(401, R"({"code":"woocommerce_rest_authentication_error",
                       "message":"The API key provided does not have write permissions."})");
  EXPECT_EQ(e.kind, ConnectorErrorKind::forbidden);
  EXPECT_NE(e.message.find("does not have write permissions"), std::string::npos);
  e = refused(400, R"({"code":"rest_invalid_param","message":"Invalid parameter(s): status"})");
  EXPECT_EQ(e.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(e.message.find("Invalid parameter(s): status (rest_invalid_param)"), std::string::npos);
  EXPECT_EQ(refused(503, "oops").kind, ConnectorErrorKind::upstream_error);

  // What it cannot write, and ids it cannot hold, are refused before any request.
  Drive other{builtin("woocommerce"), woo_store("https://shop.example"),
              order_update("727", {{"tags", "vip"}})};
  EXPECT_EQ(other.run({}).kind, StepKind::failed);
  EXPECT_TRUE(other.steps.at(0).requests.empty());
  Call bad_id = order_update("727", {{"status", "completed"}});
  bad_id.params.as_object()["id"] = "../customers/1";
  Drive path{builtin("woocommerce"), woo_store("https://shop.example"), bad_id};
  EXPECT_EQ(path.run({}).error.kind, ConnectorErrorKind::not_found);
}

// customer.update: one PUT, the phone as the billing address's; with an address, the customer
// read first, and its own address in other capitals (which WooCommerce would refuse) left out.
TEST(WooCommerce, ACustomerUpdateIsOnePutAndTheOwnAddressIsLeftOut) {
  const std::string customer =
      R"({"id":9,"email":"ada@example.com","first_name":"Ada","last_name":"King",)"
      R"("date_created_gmt":"2026-11-01T10:00:00","date_modified_gmt":"2026-11-02T10:00:00",)"
      R"("billing":{"phone":"555"},"shipping":{}})";
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          write_call("customer.update", "9", {{"last_name", "King"}, {"phone", "555"}})};
  auto out = d.run({{answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 2u);
  EXPECT_EQ(d.steps[0].requests.at(0).method, "PUT");
  EXPECT_EQ(json::parse(d.steps[0].requests.at(0).body),
            (json::object{{"last_name", "King"}, {"billing", json::object{{"phone", "555"}}}}));
  EXPECT_EQ(out.result.at("item").at("phone"), "555");

  Drive own{
      builtin("woocommerce"), woo_store("https://shop.example"),
      write_call("customer.update", "9", {{"email", "Ada@Example.com"}, {"first_name", "A"}})};
  out = own.run({{answer(200, customer)}, {answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(own.steps[0].requests.at(0).method, "GET");
  EXPECT_EQ(json::parse(own.steps[1].requests.at(0).body), (json::object{{"first_name", "A"}}));
  // The own address alone: nothing to send, the customer as it is.
  Drive alone{builtin("woocommerce"), woo_store("https://shop.example"),
              write_call("customer.update", "9", {{"email", "ADA@example.com"}})};
  out = alone.run({{answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(alone.steps.size(), 2u);
  // A new address is sent; another account's is WooCommerce's 400, passed on.
  Drive taken{builtin("woocommerce"), woo_store("https://shop.example"),
              write_call("customer.update", "9", {{"email", "alan@example.com"}})};
  out =
      taken.run({{answer(200, customer)},
                 {answer(400, R"({"code":"woocommerce_rest_customer_invalid_email",)"
                              R"("message":"Email address is invalid.","data":{"status":400}})")}});
  EXPECT_EQ(json::parse(taken.steps[1].requests.at(0).body),
            (json::object{{"email", "alan@example.com"}}));
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(out.error.message.find("Email address is invalid"), std::string::npos);
  // An unknown customer: the permission check's 404.
  Drive missing{builtin("woocommerce"), woo_store("https://shop.example"),
                write_call("customer.update", "9", {{"first_name", "A"}})};
  out = missing.run({{answer(
      404,
      R"({"code":"wc_user_invalid_id","message":"Invalid user ID.","data":{"status":404}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::not_found);
  EXPECT_NE(out.error.message.find("no such customer"), std::string::npos) << out.error.message;
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

// customer.add: one POST; after an unknown outcome, the address looked up first, and the
// customer the attempt made (created since it began) is the answer, with nothing posted.
TEST(WooCommerce, ACustomerAdditionIsOnePostOrTheAttemptsCustomer) {
  const std::string customer =
      R"({"id":31,"email":"ada@example.com","first_name":"Ada","last_name":"King",)"
      R"("date_created_gmt":"2026-11-24T09:58:01","date_modified_gmt":"2026-11-24T09:58:01",)"
      R"("billing":{"phone":"555"},"shipping":{}})";
  const json::object add{{"email", "Ada@Example.com"}, {"last_name", "King"}, {"phone", "555"}};
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          write_call("customer.add", "", add)};
  auto out = d.run({{answer(201, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(d.steps[0].requests.at(0).method, "POST");
  EXPECT_EQ(json::parse(d.steps[0].requests.at(0).body),
            (json::object{{"last_name", "King"},
                          {"email", "Ada@Example.com"},
                          {"billing", json::object{{"phone", "555"}}}}));
  EXPECT_EQ(out.result.at("item").at("id"), "31");

  Drive found{builtin("woocommerce"), woo_store("https://shop.example"),
              write_call("customer.add", "", add, true)};
  out = found.run({{answer(200, "[" + customer + "]")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(found.steps.size(), 2u);
  EXPECT_EQ(found.steps[0].requests.at(0).method, "GET");
  EXPECT_NE(found.steps[0].requests.at(0).url.find("email=Ada%40Example.com"), std::string::npos)
      << found.steps[0].requests.at(0).url;
  EXPECT_EQ(out.result.at("item").at("id"), "31");
  // A customer of that address from long before the attempt is not its: the POST goes (and
  // WooCommerce refuses the taken address).
  std::string older = customer;
  older.replace(older.find("2026-11-24T09:58:01"), 19, "2025-01-01T00:00:00");
  Drive old{builtin("woocommerce"), woo_store("https://shop.example"),
            write_call("customer.add", "", add, true)};
  out = old.run({{answer(200, "[" + older + "]")},
                 {answer(400, R"({"code":"registration-error-email-exists",)"
                              R"("message":"An account is already registered.","data":null})")}});
  EXPECT_EQ(old.steps[1].requests.at(0).method, "POST");
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  Drive none{builtin("woocommerce"), woo_store("https://shop.example"),
             write_call("customer.add", "", add, true)};
  out = none.run({{answer(200, "[]")}, {answer(201, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(none.steps[1].requests.at(0).method, "POST");
}

// The default address is the billing address, sent whole (a part left out is cleared); a phone
// sent beside it wins. A connector that does not write addresses refuses one.
TEST(WooCommerce, TheDefaultAddressIsTheWholeBillingAddress) {
  const std::string customer =
      R"({"id":9,"email":"ada@example.com","first_name":"Ada","last_name":"King",)"
      R"("date_created_gmt":"2026-11-01T10:00:00","date_modified_gmt":"2026-11-02T10:00:00",)"
      R"("billing":{"address_1":"1 Main St","country":"US","phone":"555"},"shipping":{}})";
  Drive d{builtin("woocommerce"), woo_store("https://shop.example"),
          write_call("customer.update", "9",
                     {{"default_address",
                       {{"address1", "1 Main St"}, {"country_code", "US"}, {"region", "Ohio"}}},
                      {"phone", "555"}})};
  auto out = d.run({{answer(200, customer)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(json::parse(d.steps[0].requests.at(0).body), (json::object{{"billing",
                                                                        {{"first_name", ""},
                                                                         {"last_name", ""},
                                                                         {"company", ""},
                                                                         {"address_1", "1 Main St"},
                                                                         {"address_2", ""},
                                                                         {"city", ""},
                                                                         {"state", "Ohio"},
                                                                         {"postcode", ""},
                                                                         {"country", "US"},
                                                                         {"phone", "555"}}}}));
  const Call call =
      write_call("customer.update", "9",
                 {{"default_address", {{"address1", "1 Main St"}, {"country_code", "US"}}}});
  auto unwritten = sdk::customer_update_params(call, "Example");  // writes no address
  ASSERT_FALSE(unwritten);
  EXPECT_EQ(unwritten.error().error.kind, ConnectorErrorKind::invalid_query);
}

}  // namespace
}  // namespace cartgate
