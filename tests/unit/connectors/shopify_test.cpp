// The Shopify connector without I/O: mapping of documented payload shapes (fixtures in
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

// A GraphQL answer with `data`.
std::string graphql_data(const std::string& data) {
  return R"({"data":)" + data + "}";
}

TEST(Shopify, OrderUpdateCancelsWaitsForTheJobThenAddsTheNote) {
  const std::string order = fixture("shopify/order.json");
  const std::string id = std::string(json::parse(order).at("id").as_string()).substr(20);
  Drive d{builtin("shopify"), shop_store(),
          order_update(id, {{"status", "cancelled"}, {"note", "Out of stock"}})};
  auto out = d.run(
      {{answer(200,
               graphql_data(R"({"order":{"id":"x","note":"Leave at door","cancelledAt":null}})"))},
       {answer(200, graphql_data(R"({"orderCancel":{"job":{"id":"gid://shopify/Job/1","done":false},
                                     "orderCancelUserErrors":[]}})"))},
       {answer(200, graphql_data(R"({"job":{"id":"gid://shopify/Job/1","done":true}})"))},
       {answer(200, graphql_data(R"({"orderUpdate":{"order":{"id":"x"},"userErrors":[]}})"))},
       {answer(200, graphql_data(R"({"order":)" + order + "}"))}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 6u);
  const auto variables = [&](std::size_t step) {
    return json::parse(d.steps[step].requests.at(0).body).at("variables");
  };
  EXPECT_NE(d.steps[1].requests.at(0).body.find("orderCancel"), std::string::npos);
  EXPECT_NE(d.steps[1].requests.at(0).body.find("refund: false"), std::string::npos);
  EXPECT_EQ(variables(2).at("id"), "gid://shopify/Job/1");
  EXPECT_EQ(variables(3).at("input").at("note"), "Leave at door\n\nOut of stock");
  EXPECT_NE(d.steps[4].requests.at(0).body.find("order(id: $id)"), std::string::npos)
      << "read back as order.info reads it";
  EXPECT_EQ(out.result.at("item").at("id").as_string(), id);
}

TEST(Shopify, OrderUpdateReconcilesAndRefuses) {
  // Cancelled already, the note there: nothing is written again.
  Drive found{builtin("shopify"), shop_store(),
              order_update("1", {{"status", "cancelled"}, {"note", "Packed"}}, true)};
  found.run({{answer(200, graphql_data(R"({"order":{"id":"x","note":"Gift\n\nPacked",
                                           "cancelledAt":"2026-11-24T10:00:00Z"}})"))}});
  ASSERT_EQ(found.steps.size(), 2u);
  EXPECT_NE(found.steps[1].requests.at(0).body.find("order(id: $id)"), std::string::npos);

  const auto refused = [](std::string second) {
    Drive d{builtin("shopify"), shop_store(), order_update("1", {{"status", "cancelled"}})};
    return d
        .run({{answer(200, graphql_data(R"({"order":{"id":"x","note":null,"cancelledAt":null}})"))},
              {answer(200, std::move(second))}})
        .error;
  };
  auto e = refused(graphql_data(R"({"orderCancel":{"job":null,"orderCancelUserErrors":[
      {"field":["orderId"],"message":"Order cannot be cancelled","code":"INVALID"}]}})"));
  EXPECT_EQ(e.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(e.message.find("Order cannot be cancelled"), std::string::npos) << e.message;
  e = refused(R"({"data":{"orderCancel":null},"errors":[{"message":"Access denied",
                  "extensions":{"code":"ACCESS_DENIED"}}]})");
  EXPECT_EQ(e.kind, ConnectorErrorKind::forbidden);

  Drive missing{builtin("shopify"), shop_store(), order_update("1", {{"note", "x"}})};
  EXPECT_EQ(missing.run({{answer(200, graphql_data(R"({"order":null})"))}}).error.kind,
            ConnectorErrorKind::not_found);
  // Shopify derives these from payments and fulfillments: refused before anything is sent.
  for (const char* status : {"completed", "pending"}) {
    Drive d{builtin("shopify"), shop_store(), order_update("1", {{"status", status}})};
    EXPECT_EQ(d.run({}).error.kind, ConnectorErrorKind::unsupported) << status;
    EXPECT_TRUE(d.steps.at(0).requests.empty());
  }
}

// The look's order with fulfillment orders in `nodes` (JSON of the nodes array).
std::string held_order(const std::string& nodes) {
  return graphql_data(
      R"({"order":{"id":"x","note":null,"cancelledAt":null,"fulfillmentOrders":{"nodes":)" + nodes +
      "}}}");
}

TEST(Shopify, HoldsGoOnFulfillmentOrdersWithWorkLeftAndOnlyOursAreReleased) {
  // on_hold: a hold on each OPEN or IN_PROGRESS fulfillment order, none on a closed one.
  Drive hold{builtin("shopify"), shop_store(), order_update("1", {{"status", "on_hold"}})};
  hold.run({{answer(
      200, held_order(
               R"([{"id":"gid://shopify/FulfillmentOrder/1","status":"OPEN","fulfillmentHolds":[]},
      {"id":"gid://shopify/FulfillmentOrder/2","status":"CLOSED","fulfillmentHolds":[]},
      {"id":"gid://shopify/FulfillmentOrder/3","status":"IN_PROGRESS","fulfillmentHolds":[]}])"))}});
  ASSERT_EQ(hold.steps.size(), 2u);
  const std::string& placed = hold.steps[1].requests.at(0).body;
  EXPECT_NE(placed.find("h1: fulfillmentOrderHold"), std::string::npos) << placed;
  EXPECT_EQ(placed.find("h2:"), std::string::npos) << placed;
  EXPECT_NE(placed.find("FulfillmentOrder/3"), std::string::npos) << placed;
  EXPECT_EQ(placed.find("FulfillmentOrder/2"), std::string::npos) << placed;
  EXPECT_NE(placed.find(R"(handle: \"cartgate\")"), std::string::npos) << placed;

  // processing: only the holds this app placed, by id; a merchant's hold refuses the write.
  Drive release{builtin("shopify"), shop_store(), order_update("1", {{"status", "processing"}})};
  release.run(
      {{answer(200, held_order(R"([{"id":"gid://shopify/FulfillmentOrder/1","status":"ON_HOLD",
      "fulfillmentHolds":[{"id":"gid://shopify/FulfillmentHold/9","heldByRequestingApp":true}]}])"))}});
  ASSERT_EQ(release.steps.size(), 2u);
  const std::string& released = release.steps[1].requests.at(0).body;
  EXPECT_NE(released.find("fulfillmentOrderReleaseHold(id: $f0, holdIds: $h0)"), std::string::npos);
  EXPECT_NE(released.find("FulfillmentHold/9"), std::string::npos) << released;
  Drive merchants{builtin("shopify"), shop_store(), order_update("1", {{"status", "processing"}})};
  const auto refused =
      merchants.run({{answer(200, held_order(R"([{"id":"gid://shopify/FulfillmentOrder/1",
      "status":"ON_HOLD","fulfillmentHolds":[{"id":"gid://shopify/FulfillmentHold/9","heldByRequestingApp":true},
      {"id":"gid://shopify/FulfillmentHold/8","heldByRequestingApp":false}]}])"))}});
  EXPECT_EQ(refused.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(refused.error.message.find("held by the merchant"), std::string::npos);
  EXPECT_EQ(merchants.steps.size(), 2u) << "nothing is sent after the look";
  // Nothing held and nothing to reconcile: processing is Shopify's to derive.
  Drive idle{builtin("shopify"), shop_store(), order_update("1", {{"status", "processing"}})};
  EXPECT_EQ(idle.run({{answer(200, held_order("[]"))}}).error.kind,
            ConnectorErrorKind::unsupported);
}

// customer.update: one customerUpdate (a removed phone is null: Shopify refuses ""), then the
// customer read back; a user error on the id is a customer that does not exist.
TEST(Shopify, ACustomerUpdateIsOneMutationThenTheCustomerReadBack) {
  const std::string updated =
      R"({"data":{"customerUpdate":{"customer":{"id":"gid://shopify/Customer/9"},"userErrors":[]}}})";
  const std::string read =
      R"({"data":{"customer":{"id":"gid://shopify/Customer/9","legacyResourceId":"9",)"
      R"("email":"ada@example.com","firstName":"Ada","lastName":"King","phone":null,)"
      R"("createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-02T10:00:00Z",)"
      R"("defaultAddress":null,"addresses":[]}}})";
  Drive d{builtin("shopify"), shop_store(),
          write_call("customer.update", "9", {{"last_name", "King"}, {"phone", ""}})};
  auto out = d.run({{answer(200, updated)}, {answer(200, read)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 3u);
  const json::value sent = json::parse(d.steps[0].requests.at(0).body);
  EXPECT_NE(sent.at("query").as_string().find("customerUpdate"), std::string::npos);
  EXPECT_EQ(
      sent.at("variables").at("input"),
      (json::object{{"id", "gid://shopify/Customer/9"}, {"lastName", "King"}, {"phone", nullptr}}));
  EXPECT_EQ(out.result.at("item").at("last_name"), "King");

  Drive missing{builtin("shopify"), shop_store(),
                write_call("customer.update", "9", {{"first_name", "A"}})};
  out = missing.run({{answer(
      200,
      R"({"data":{"customerUpdate":{"customer":null,"userErrors":[{"field":["id"],"message":"Customer does not exist"}]}}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::not_found) << out.error.message;
  Drive taken{builtin("shopify"), shop_store(),
              write_call("customer.update", "9", {{"email", "alan@example.com"}})};
  out = taken.run({{answer(
      200,
      R"({"data":{"customerUpdate":{"customer":null,"userErrors":[{"field":["email"],"message":"Email has already been taken"}]}}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_NE(out.error.message.find("already been taken"), std::string::npos) << out.error.message;
}

// customer.add: one customerCreate selecting the customer as customer.info reads it; after an
// unknown outcome, the address searched first.
TEST(Shopify, ACustomerAdditionIsOneMutationOrTheAttemptsCustomer) {
  const std::string node =
      R"({"id":"gid://shopify/Customer/31","legacyResourceId":"31","email":"ada@example.com",)"
      R"("firstName":"Ada","lastName":"King","phone":"+442079460000",)"
      R"("createdAt":"2026-11-24T09:58:01Z","updatedAt":"2026-11-24T09:58:01Z",)"
      R"("defaultAddress":null,"addresses":[]})";
  const json::object add{{"email", "ada@example.com"}, {"phone", "+44 20 7946 0000"}};
  Drive d{builtin("shopify"), shop_store(), write_call("customer.add", "", add)};
  auto out = d.run({{answer(
      200, R"({"data":{"customerCreate":{"customer":)" + node + R"(,"userErrors":[]}}})")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(d.steps.size(), 2u);
  const json::value sent = json::parse(d.steps[0].requests.at(0).body);
  EXPECT_NE(sent.at("query").as_string().find("customerCreate"), std::string::npos);
  EXPECT_EQ(sent.at("variables").at("input"),
            (json::object{{"email", "ada@example.com"}, {"phone", "+44 20 7946 0000"}}));
  EXPECT_EQ(out.result.at("item").at("id"), "31");

  Drive found{builtin("shopify"), shop_store(), write_call("customer.add", "", add, true)};
  out = found.run({{answer(200, R"({"data":{"customers":{"nodes":[)" + node + R"(]}}})")}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const json::value query = json::parse(found.steps[0].requests.at(0).body);
  EXPECT_EQ(query.at("variables").at("query"), "email:\"ada@example.com\"");
  EXPECT_EQ(found.steps.size(), 2u);
  Drive taken{builtin("shopify"), shop_store(), write_call("customer.add", "", add)};
  out = taken.run({{answer(
      200,
      R"({"data":{"customerCreate":{"customer":null,"userErrors":[{"field":["email"],"message":"Email has already been taken"}]}}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
}

// Marketing consent: customerEmailMarketingConsentUpdate (customerUpdate takes none for a
// customer that exists), after customerUpdate has succeeded when names change too.
TEST(Shopify, ConsentIsItsOwnMutationAfterTheCustomersFields) {
  const std::string updated =
      R"({"data":{"customerUpdate":{"customer":{"id":"gid://shopify/Customer/9"},"userErrors":[]}}})";
  const std::string consented =
      R"({"data":{"customerEmailMarketingConsentUpdate":{"customer":{"id":"gid://shopify/Customer/9"},"userErrors":[]}}})";
  const std::string read =
      R"({"data":{"customer":{"id":"gid://shopify/Customer/9","legacyResourceId":"9",)"
      R"("email":"ada@example.com","firstName":"Ada","lastName":"King","phone":null,)"
      R"("createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-02T10:00:00Z",)"
      R"("emailMarketingConsent":{"marketingState":"SUBSCRIBED"},)"
      R"("defaultAddress":null,"addresses":[]}}})";
  Drive both{builtin("shopify"), shop_store(),
             write_call("customer.update", "9",
                        {{"last_name", "King"}, {"email_marketing", "subscribed"}})};
  auto out = both.run({{answer(200, updated)}, {answer(200, consented)}, {answer(200, read)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  ASSERT_EQ(both.steps.size(), 4u);
  const json::value second = json::parse(both.steps[1].requests.at(0).body);
  EXPECT_NE(second.at("query").as_string().find("customerEmailMarketingConsentUpdate"),
            std::string::npos);
  EXPECT_EQ(second.at("variables").at("input"),
            (json::object{
                {"customerId", "gid://shopify/Customer/9"},
                {"emailMarketingConsent",
                 {{"marketingState", "SUBSCRIBED"}, {"marketingOptInLevel", "SINGLE_OPT_IN"}}}}));
  EXPECT_EQ(out.result.at("item").at("email_marketing"), "subscribed");
  // A refused name change sends no consent.
  Drive refused{builtin("shopify"), shop_store(),
                write_call("customer.update", "9",
                           {{"email", "alan@example.com"}, {"email_marketing", "unsubscribed"}})};
  out = refused.run({{answer(
      200,
      R"({"data":{"customerUpdate":{"customer":null,"userErrors":[{"field":["email"],"message":"Email has already been taken"}]}}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
  EXPECT_EQ(refused.steps.size(), 2u);
  // The consent alone: one mutation, then the read.
  Drive alone{builtin("shopify"), shop_store(),
              write_call("customer.update", "9", {{"email_marketing", "subscribed"}})};
  out = alone.run({{answer(200, consented)}, {answer(200, read)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_NE(json::parse(alone.steps[0].requests.at(0).body)
                .at("query")
                .as_string()
                .find("customerEmailMarketingConsentUpdate"),
            std::string::npos);
}

// The default address: found by the customer's defaultAddress id, then updated (or created
// when there is none) with setAsDefault, every MailingAddressInput field sent.
TEST(Shopify, TheDefaultAddressIsFoundThenUpdatedOrCreated) {
  const std::string read =
      R"({"data":{"customer":{"id":"gid://shopify/Customer/9","legacyResourceId":"9",)"
      R"("email":"ada@example.com","firstName":"Ada","lastName":"King","phone":null,)"
      R"("createdAt":"2026-11-01T10:00:00Z","updatedAt":"2026-11-02T10:00:00Z",)"
      R"("defaultAddress":null,"addresses":[]}}})";
  const json::object address{
      {"address1", "1 Main St"}, {"country_code", "US"}, {"region_code", "TX"}};
  Drive update{builtin("shopify"), shop_store(),
               write_call("customer.update", "9", {{"default_address", address}})};
  auto out = update.run(
      {{answer(
           200,
           R"({"data":{"customer":{"defaultAddress":{"id":"gid://shopify/MailingAddress/5"}}}})")},
       {answer(
           200,
           R"({"data":{"customerAddressUpdate":{"address":{"id":"gid://shopify/MailingAddress/5"},"userErrors":[]}}})")},
       {answer(200, read)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  const json::value sent = json::parse(update.steps[1].requests.at(0).body);
  EXPECT_NE(sent.at("query").as_string().find("customerAddressUpdate"), std::string::npos);
  EXPECT_EQ(sent.at("variables").at("addressId"), "gid://shopify/MailingAddress/5");
  EXPECT_EQ(sent.at("variables").at("address").at("provinceCode"), "TX");
  EXPECT_EQ(sent.at("variables").at("address").at("phone"), "");  // cleared
  Drive create{builtin("shopify"), shop_store(),
               write_call("customer.update", "9", {{"default_address", address}})};
  out = create.run(
      {{answer(200, R"({"data":{"customer":{"defaultAddress":null}}})")},
       {answer(
           200,
           R"({"data":{"customerAddressCreate":{"address":{"id":"gid://shopify/MailingAddress/6"},"userErrors":[]}}})")},
       {answer(200, read)}});
  ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
  EXPECT_NE(json::parse(create.steps[1].requests.at(0).body)
                .at("query")
                .as_string()
                .find("customerAddressCreate"),
            std::string::npos);
  Drive refused{builtin("shopify"), shop_store(),
                write_call("customer.update", "9", {{"default_address", address}})};
  out = refused.run(
      {{answer(200, R"({"data":{"customer":{"defaultAddress":null}}})")},
       {answer(
           200,
           R"({"data":{"customerAddressCreate":{"address":null,"userErrors":[{"field":["address","phone"],"message":"Phone is invalid"}]}}})")}});
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
}

}  // namespace
}  // namespace cartgate
