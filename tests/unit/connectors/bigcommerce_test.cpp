// The BigCommerce connector without I/O: mapping of documented payload shapes (fixtures in
// tests/fixtures), the requests it asks for, how it reads pages, errors and throttling, and
// webhook signatures against the vectors of ../shared/platform-contracts.md §5.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace test;  // the connector drive helpers (connector_drive.hpp)

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

TEST(BigCommerce, OrderUpdateAddsTheNoteToTheStaffNotesInOnePut) {
  Drive d{builtin("bigcommerce"), bc_store(),
          order_update("100", {{"status", "on_hold"}, {"note", "Held for review"}})};
  json::value held = json::parse(fixture("bigcommerce/order.json"));
  held.as_object()["staff_notes"] = "Gift wrap";
  const std::string order = json::serialize(held);
  auto out = d.run({{answer(200, order)},
                    {answer(200, order)},
                    {answer(200, order), answer(200, fixture("bigcommerce/order_products.json")),
                     answer(204, "")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_EQ(d.steps[0].requests.at(0).method, "GET");  // the staff notes, to add to them
  const auto& put = d.steps[1].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_NE(put.url.find("/v2/orders/100"), std::string::npos) << put.url;
  EXPECT_EQ(json::parse(put.body),
            (json::object{{"status_id", 12}, {"staff_notes", "Gift wrap\n\nHeld for review"}}));
  EXPECT_EQ(d.steps[2].requests.size(), 3u);  // read back as order.info reads it
  EXPECT_EQ(out.result.at("item").at("id"), "100");
  EXPECT_FALSE(out.observations.empty());  // the quota headers still count

  // A status alone is one PUT.
  Drive status{builtin("bigcommerce"), bc_store(), order_update("100", {{"status", "cancelled"}})};
  status.run({{answer(200, order)}});
  EXPECT_EQ(json::parse(status.steps[0].requests.at(0).body), (json::object{{"status_id", 5}}));
}

TEST(BigCommerce, OrderUpdateReconcilesANoteAlreadyInTheStaffNotes) {
  json::value held = json::parse(fixture("bigcommerce/order.json"));
  held.as_object()["staff_notes"] = "Gift wrap\n\nPacked";
  const std::string order = json::serialize(held);
  Drive found{builtin("bigcommerce"), bc_store(), order_update("100", {{"note", "Packed"}}, true)};
  found.run({{answer(200, order)}});
  ASSERT_EQ(found.steps.size(), 2u);
  EXPECT_EQ(found.steps[1].requests.size(), 3u) << "no PUT: the note is there";
  EXPECT_EQ(found.steps[1].requests.at(0).method, "GET");

  // Text that is only part of a paragraph is not the note: it is added.
  Drive part{builtin("bigcommerce"), bc_store(), order_update("100", {{"note", "Pack"}}, true)};
  part.run({{answer(200, order)}});
  ASSERT_EQ(part.steps.size(), 2u);
  EXPECT_EQ(part.steps[1].requests.at(0).method, "PUT");
  // Without reconciling, the same text again is a second note.
  Drive again{builtin("bigcommerce"), bc_store(), order_update("100", {{"note", "Packed"}})};
  again.run({{answer(200, order)}});
  EXPECT_EQ(json::parse(again.steps[1].requests.at(0).body),
            (json::object{{"staff_notes", "Gift wrap\n\nPacked\n\nPacked"}}));
}

TEST(BigCommerce, OrderUpdateRefusalsCarryThePlatformsMessage) {
  const auto refused = [](int status, std::string body) {
    Drive d{builtin("bigcommerce"), bc_store(), order_update("100", {{"status", "completed"}})};
    return d.run({{answer(status, std::move(body))}}).error;
  };
  auto e = refused(404, R"([{"status":404,"message":"The requested resource was not found."}])");
  EXPECT_EQ(e.kind, ConnectorErrorKind::not_found);
  e = refused(
      403,
      R"([{"status":403,"message":"You don't have a required scope to access the endpoint"}])");
  EXPECT_EQ(e.kind, ConnectorErrorKind::forbidden);
  EXPECT_NE(e.message.find("required scope"), std::string::npos) << e.message;
  e = refused(400, R"([{"status":400,"message":"The field 'status_id' is invalid."}])");
  EXPECT_EQ(e.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(e.message.find("'status_id' is invalid"), std::string::npos) << e.message;
  EXPECT_EQ(refused(401, "[]").kind, ConnectorErrorKind::bad_credentials);
  EXPECT_EQ(refused(503, "oops").kind, ConnectorErrorKind::upstream_error);

  Drive other{builtin("bigcommerce"), bc_store(), order_update("100", {{"tags", "vip"}})};
  EXPECT_EQ(other.run({}).kind, StepKind::failed);
  EXPECT_TRUE(other.steps.at(0).requests.empty());
  Drive path{builtin("bigcommerce"), bc_store(),
             order_update("../customers", {{"status", "completed"}})};
  EXPECT_EQ(path.run({}).error.kind, ConnectorErrorKind::not_found);
}

// product.variant.update: a variant without prices of its own inherits the product's, sale
// included; the PUT writes both prices as exact number literals, so it no longer inherits.
TEST(BigCommerce, AVariantPriceKeepsTheSaleItInheritedAndStockNeedsVariantTracking) {
  const std::string product =
      R"({"data":{"id":7,"name":"Mug","sku":"M-7","date_created":"2026-11-01T10:00:00+00:00",)"
      R"("date_modified":"2026-11-02T10:00:00+00:00","price":20,"sale_price":15,)"
      R"("inventory_tracking":"product","variants":[)"
      R"({"id":701,"product_id":7,"price":null,"sale_price":null,"inventory_level":0},)"
      R"({"id":702,"product_id":7,"price":25,"sale_price":0,"inventory_level":0}]},"meta":{}})";
  StoreContext store = bc_store();
  store.settings["currency"] = "USD";
  Call call = write_call("product.variant.update", "7", {{"price", "12"}});
  call.params.as_object()["variant_id"] = "701";
  Drive d{builtin("bigcommerce"), store, call};
  auto out = d.run({{answer(200, product)},
                    {answer(200, R"({"data":{"id":701,"product_id":7},"meta":{}})")},
                    {answer(200, product)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 4u);
  const auto& put = d.steps[1].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_NE(put.url.find("/v3/catalog/products/7/variants/701"), std::string::npos) << put.url;
  EXPECT_EQ(put.body, R"({"price":20.00,"sale_price":12.00})");
  EXPECT_EQ(d.steps[2].requests.at(0).method, "GET");  // the product, as product.info reads it
  EXPECT_EQ(out.result.at("item").at("id"), "7");

  // Stock counted per product: a variant's level would not count.
  Call stock = write_call("product.variant.update", "7", {{"stock_quantity", 4}});
  stock.params.as_object()["variant_id"] = "702";
  Drive refused{builtin("bigcommerce"), store, stock};
  out = refused.run({{answer(200, product)}});
  EXPECT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query) << out.error.message;
  // A variant the product does not have.
  Call missing = write_call("product.variant.update", "7", {{"price", "1"}});
  missing.params.as_object()["variant_id"] = "799";
  Drive none{builtin("bigcommerce"), store, missing};
  out = none.run({{answer(200, product)}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::not_found) << out.error.message;
}

// customer.update: the customer found by id first (an empty list is a 404, nothing sent), one
// PUT of the list with the changed fields, then the customer read with its addresses.
TEST(BigCommerce, ACustomerIsFoundThenPutThenReadWithItsAddresses) {
  const std::string found =
      R"({"data":[{"id":9,"email":"ada@example.com","first_name":"Ada","last_name":"Byron",)"
      R"("phone":"","date_created":"2026-11-01T10:00:00Z","date_modified":"2026-11-01T10:00:00Z",)"
      R"("addresses":[]}],"meta":{}})";
  std::string after = found;
  after.replace(after.find("Byron"), 5, "King");
  Drive d{builtin("bigcommerce"), bc_store(),
          write_call("customer.update", "9", {{"last_name", "King"}, {"phone", "555"}})};
  auto out = d.run({{answer(200, found)},
                    {answer(200, R"({"data":[{"id":9}],"meta":{}})")},
                    {answer(200, after)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 4u);
  EXPECT_NE(d.steps[0].requests.at(0).url.find("id%3Ain=9"), std::string::npos)
      << d.steps[0].requests.at(0).url;
  const auto& put = d.steps[1].requests.at(0);
  EXPECT_EQ(put.method, "PUT");
  EXPECT_NE(put.url.find("/v3/customers"), std::string::npos) << put.url;
  EXPECT_EQ(json::parse(put.body),
            (json::array{json::object{{"id", 9}, {"last_name", "King"}, {"phone", "555"}}}));
  EXPECT_EQ(out.result.at("item").at("last_name"), "King");
  // Every answer tells the outbound limiter what is left of the store's quota.
  for (std::size_t i = 1; i < d.steps.size(); ++i)
    EXPECT_EQ(d.steps[i].observations.size(), 1u) << "step " << i;

  Drive missing{builtin("bigcommerce"), bc_store(),
                write_call("customer.update", "9", {{"first_name", "X"}})};
  out = missing.run({{answer(200, R"({"data":[],"meta":{}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::not_found) << out.error.message;
  ASSERT_EQ(missing.steps.size(), 2u);
  EXPECT_TRUE(missing.steps[1].requests.empty());  // no PUT was sent
  // A refused PUT carries BigCommerce's reason.
  Drive taken{builtin("bigcommerce"), bc_store(),
              write_call("customer.update", "9", {{"email", "alan@example.com"}})};
  out = taken.run(
      {{answer(200, found)},
       {answer(422, R"({"status":422,"title":"The customer was not valid",)"
                    R"("errors":{".customers.0.email":"The email address is already in use"}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(out.error.message.find("already in use"), std::string::npos) << out.error.message;
  // A field no BigCommerce customer write carries is refused before anything is sent.
  Drive other{builtin("bigcommerce"), bc_store(),
              write_call("customer.update", "9", {{"company", "Navy"}})};
  EXPECT_EQ(other.run({}).error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_TRUE(other.steps.at(0).requests.empty());
}

// A variant's change is its SKU's: store/sku/* hooks name the product inside their data.
TEST(BigCommerce, SkuHooksAreChangesOfTheProduct) {
  const auto& c = builtin("bigcommerce");
  const StoreContext store = bc_store();
  const std::string token = sdk::base64url_encode(
      sdk::hmac_sha256(store.credentials.at("client_secret"), "cartgate-store|" + store.store_id));
  const Timestamp sent{std::chrono::seconds(1561480465)};
  for (
      const auto& [scope, data] :
      {std::pair{"store/sku/updated",
                 R"({"type":"sku","id":461,"sku":{"product_id":206,"variant_id":509}})"},
       std::pair{
           "store/sku/inventory/updated",
           R"({"type":"sku","id":461,"inventory":{"product_id":206,"method":"absolute","value":5,"variant_id":509}})"}}) {
    const std::string body = std::string(R"({"scope":")") + scope + R"(","store_id":"1","data":)" +
                             data +
                             R"(,"hash":"x","created_at":1561480465,"producer":"stores/abc123"})";
    const std::string signature =
        "v1," + sdk::base64_encode(sdk::hmac_sha256(store.credentials.at("client_secret"),
                                                    "msg_2.1561480465." + body));
    HttpHeaders h{{"webhook-id", "msg_2"},
                  {"webhook-timestamp", "1561480465"},
                  {"webhook-signature", signature},
                  {"X-Cartgate-Store-Token", token}};
    auto r = c.handle_webhook({store, h, body, sent});
    ASSERT_EQ(r.verdict, WebhookVerdict::accepted) << r.reason;
    ASSERT_EQ(r.changes.size(), 1u) << scope;
    EXPECT_EQ(r.changes[0].type, EventType::product_update) << scope;
    EXPECT_EQ(r.changes[0].entity_id, "206") << scope;
  }
}

// customer.add: both names required (nothing sent without them), one POST of a list of one;
// after an unknown outcome, the address looked up first.
TEST(BigCommerce, ACustomerAdditionIsOnePostOrTheAttemptsCustomer) {
  const std::string listed =
      R"({"data":[{"id":31,"email":"ada@example.com","first_name":"Ada","last_name":"King",)"
      R"("phone":"","date_created":"2026-11-24T09:58:01Z","date_modified":"2026-11-24T09:58:01Z",)"
      R"("addresses":[]}],"meta":{}})";
  const json::object add{
      {"email", "ada@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}};
  Drive d{builtin("bigcommerce"), bc_store(), write_call("customer.add", "", add)};
  auto out = d.run({{answer(200, listed)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(d.steps[0].requests.at(0).method, "POST");
  EXPECT_EQ(json::parse(d.steps[0].requests.at(0).body),
            (json::array{json::object{
                {"email", "ada@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}}}));
  EXPECT_EQ(out.result.at("item").at("id"), "31");
  EXPECT_EQ(d.steps[1].observations.size(), 1u);

  Drive found{builtin("bigcommerce"), bc_store(), write_call("customer.add", "", add, true)};
  out = found.run({{answer(200, listed)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(found.steps[0].requests.at(0).method, "GET");
  EXPECT_NE(found.steps[0].requests.at(0).url.find("email%3Ain=ada%40example.com"),
            std::string::npos)
      << found.steps[0].requests.at(0).url;
  Drive none{builtin("bigcommerce"), bc_store(), write_call("customer.add", "", add, true)};
  out = none.run({{answer(200, R"({"data":[],"meta":{}})")}, {answer(200, listed)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(none.steps[1].requests.at(0).method, "POST");

  Drive unnamed{builtin("bigcommerce"), bc_store(),
                write_call("customer.add", "", {{"email", "ada@example.com"}})};
  EXPECT_EQ(unnamed.run({}).error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_TRUE(unnamed.steps.at(0).requests.empty());
}

// The default address: the first address PUT by its id, or one POSTed for a customer that has
// none, named as the customer when it names nobody; then the customer read again.
TEST(BigCommerce, TheDefaultAddressIsTheFirstAddressPutOrOnePosted) {
  const std::string with =
      R"({"data":[{"id":9,"email":"ada@example.com","first_name":"Ada","last_name":"Byron",)"
      R"("phone":"","date_created":"2026-11-01T10:00:00Z","date_modified":"2026-11-01T10:00:00Z",)"
      R"("addresses":[{"id":31,"address1":"1 Main St","city":"Columbus","country_code":"US"}]}],)"
      R"("meta":{}})";
  std::string without = with;
  without.replace(without.find("[{\"id\":31"),
                  without.find("}]}],") + 2 - without.find("[{\"id\":31"), "[]");
  const json::object address{
      {"address1", "2 High St"}, {"country_code", "US"}, {"region_code", "OH"}};
  Drive put{builtin("bigcommerce"), bc_store(),
            write_call("customer.update", "9", {{"default_address", address}})};
  auto out = put.run(
      {{answer(200, with)}, {answer(200, R"({"data":[],"meta":{}})")}, {answer(200, with)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const auto& sent = put.steps[1].requests.at(0);
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_NE(sent.url.find("/v3/customers/addresses"), std::string::npos) << sent.url;
  const json::value body = json::parse(sent.body);
  EXPECT_EQ(body.at(0).at("id"), 31);
  EXPECT_EQ(body.at(0).at("first_name"), "Ada");
  EXPECT_EQ(body.at(0).at("state_or_province"), "OH");
  EXPECT_EQ(body.at(0).at("phone"), "");  // cleared
  Drive post{
      builtin("bigcommerce"), bc_store(),
      write_call("customer.update", "9", {{"default_address", address}, {"last_name", "King"}})};
  out = post.run({{answer(200, without)},
                  {answer(200, R"({"data":[{"id":9}],"meta":{}})")},
                  {answer(200, R"({"data":[],"meta":{}})")},
                  {answer(200, with)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_EQ(post.steps[1].requests.at(0).url.find("/addresses"),
            std::string::npos);  // the customer
  EXPECT_EQ(post.steps[2].requests.at(0).method, "POST");
  EXPECT_EQ(json::parse(post.steps[2].requests.at(0).body).at(0).at("customer_id"), 9);
  EXPECT_EQ(json::parse(post.steps[2].requests.at(0).body).at(0).at("last_name"), "King");
}

}  // namespace
}  // namespace cartgate
