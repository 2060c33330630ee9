// Unit tests of gateway/api: reading plugin items into entities, request parameters, problems from
// connector errors, the store view.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/json.hpp>

#include "api/connector_problem.hpp"
#include "api/idempotency.hpp"
#include "api/params.hpp"
#include "api/store_reads.hpp"
#include "api/store_view.hpp"
#include "api/write_requests.hpp"
#include "http/problem.hpp"
#include "support/sample_entities.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;

TEST(ReadEntities, JsonItemsFromPluginsAreReadStrictlyIntoEntities) {
  // A plugin's page arrives as JSON across the ABI; list answers are written from entities.
  const Order order = test::sample_order();
  const Order jpy = test::sample_guest_order_jpy();
  json::array items{json::value_from(order), json::value_from(jpy)};
  std::vector<EntityData> entities;
  EXPECT_FALSE(api::read_entities(items, Entity::order, "example", entities));
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(std::get<Order>(entities[0]), order);
  EXPECT_EQ(std::get<Order>(entities[1]), jpy);

  // Money with a float, or an order where a customer was asked for: the connector's fault.
  items[1].as_object()["totals"].as_object()["total"] =
      json::object{{"amount", 12.5}, {"currency", "USD"}};
  entities.clear();
  auto problem = api::read_entities(items, Entity::order, "example", entities);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->status, 502);
  EXPECT_EQ(problem->code, "connector_failed");
  EXPECT_NE(problem->detail.find("example connector"), std::string::npos) << problem->detail;
  entities.clear();
  EXPECT_TRUE(api::read_entities(json::array{json::value_from(order)}, Entity::customer, "example",
                                 entities));
}

TEST(Params, ParsesFormEncodedQueries) {
  auto q = api::parse_query("store_id=st_1&email=a%2Bb%40x.com&name=J+Doe&&empty=");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->at("store_id"), "st_1");
  EXPECT_EQ(q->at("email"), "a+b@x.com");
  EXPECT_EQ(q->at("name"), "J Doe");
  EXPECT_EQ(q->at("empty"), "");
  EXPECT_FALSE(api::parse_query("a=1&a=2"));
  EXPECT_FALSE(api::parse_query("a=%zz"));
  EXPECT_FALSE(api::parse_query("a=%4"));
  EXPECT_FALSE(api::parse_query("=x"));
}

TEST(Params, MergesQueryAndJsonBody) {
  http::Request r;
  r.query = "limit=5";
  r.body = R"({"cursor":"abc","credentials":{"token":"t"}})";
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  auto p = api::Params::from_request(r);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p->integer("limit", 1, 250, 50), 5);
  EXPECT_EQ(**p->string("cursor", 10), "abc");
  EXPECT_EQ((**p->string_map("credentials", 10)).at("token"), "t");
  EXPECT_FALSE(p->only({"limit", "cursor"}) == std::nullopt);
  EXPECT_EQ(p->only({"limit", "cursor", "credentials"}), std::nullopt);
  EXPECT_FALSE(p->integer("cursor", 1, 2, 1));
  EXPECT_FALSE(p->string("cursor", 2));

  r.query = "cursor=x";
  EXPECT_EQ(api::Params::from_request(r).error().code, "invalid_parameter");
  r.query.clear();
  r.headers = {{"Content-Type", "text/plain"}};
  EXPECT_EQ(api::Params::from_request(r).error().status, 415);
  r.headers = {{"Content-Type", "application/json"}};
  r.body = "[1]";
  EXPECT_EQ(api::Params::from_request(r).error().code, "malformed_json");
  r.body = "{";
  EXPECT_EQ(api::Params::from_request(r).error().code, "malformed_json");
}

TEST(ConnectorProblem, TheConnectorsOwnFailureDoesNotBlameTheStore) {
  ConnectorError e{ConnectorErrorKind::connector_failed, "The acme connector failed internally.",
                   std::nullopt, std::nullopt};
  auto p = api::connector_problem(e, "st_1");
  EXPECT_EQ(p.status, 502);
  EXPECT_EQ(p.code, "connector_failed");
  e.kind = ConnectorErrorKind::upstream_error;
  EXPECT_EQ(api::connector_problem(e, "st_1").code, "store_unavailable");
}

TEST(IdempotencyKey, ReadsStructuredStringsAndBareTokens) {
  EXPECT_EQ(api::read_idempotency_key(R"("8e03978e-40d5-43e8-bc93-6894a57f9324")"),
            "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(api::read_idempotency_key("order-7:retry"), "order-7:retry");
  EXPECT_EQ(api::read_idempotency_key(R"("a \"quoted\" key")"), R"(a "quoted" key)");
  EXPECT_EQ(api::read_idempotency_key(std::string(255, 'k')), std::string(255, 'k'));
  for (const std::string& bad :
       std::vector<std::string>{"", "\"\"", "\"open", "two words", "a,b", std::string(256, 'k'),
                                "\"bad \\x\"", "tab\there", "caf\xc3\xa9"}) {
    EXPECT_FALSE(api::read_idempotency_key(bad)) << bad;
  }
}

TEST(StoreView, NeverShowsSecrets) {
  EXPECT_EQ(api::mask_secret("short"), "****");
  EXPECT_EQ(api::mask_secret("shpat_0123456789abcdef"), "****cdef");
  Manifest m;
  m.platform = "acme";
  m.credentials = {{"token", true, true, ""}, {"label", false, false, ""}};
  StoreRecord r;
  r.id = "st_1";
  r.platform = "acme";
  auto view = api::store_view(
      r, &m,
      std::map<std::string, std::string>{{"token", "tok_0123456789abcdef"}, {"label", "EU"}});
  EXPECT_EQ(view.at("credentials").at("token"), "****cdef");
  EXPECT_EQ(view.at("credentials").at("label"), "EU");
  auto unknown = api::store_view(r, nullptr, std::map<std::string, std::string>{{"label", "EU"}});
  EXPECT_EQ(unknown.at("credentials").at("label"), "****");
  EXPECT_EQ(api::store_view(r, &m, std::nullopt).at("credentials"), "unreadable");
}

TEST(WriteRequests, AVariantWriteNamesTheProductAndTheVariant) {
  const auto params = [](const char* body) {
    http::Request r;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    return *api::Params::from_request(r);
  };
  auto w = api::read_product_variant_update(params(
      R"({"store_id":"st_1","product_id":"7","id":"701","price":"9.50","stock_quantity":3})"));
  ASSERT_TRUE(w) << w.error().detail;
  // The write changes the product: its events and marks are the product's.
  EXPECT_EQ(w->entity, "product");
  EXPECT_EQ(w->id, "7");
  EXPECT_EQ(w->variant_id, "701");
  EXPECT_EQ(w->changes, (json::object{{"price", "9.50"}, {"stock_quantity", 3}}));
  // Another variant of the same product with the same changes is another request.
  auto other = api::read_product_variant_update(params(
      R"({"store_id":"st_1","product_id":"7","id":"702","price":"9.50","stock_quantity":3})"));
  ASSERT_TRUE(other);
  EXPECT_NE(api::fingerprint(*w), api::fingerprint(*other));

  EXPECT_EQ(
      api::read_product_variant_update(params(R"({"store_id":"st_1","id":"701","price":"1"})"))
          .error()
          .code,
      "invalid_parameter");  // no product_id
  EXPECT_EQ(api::read_product_variant_update(
                params(R"({"store_id":"st_1","product_id":"7","id":"701","status":"draft"})"))
                .error()
                .code,
            "unknown_parameter");  // a variant has no status of its own on every platform
  EXPECT_EQ(
      api::read_product_variant_update(params(R"({"store_id":"st_1","product_id":"7","id":"701"})"))
          .error()
          .code,
      "invalid_parameter");  // nothing to change
  EXPECT_EQ(
      api::read_product_variant_update(
          params(
              R"({"store_id":"st_1","product_id":"7","id":"701","price":"5","compare_at_price":"4"})"))
          .error()
          .code,
      "invalid_parameter");
  EXPECT_TRUE(api::is_write_operation("product.variant.update"));
}

TEST(WriteRequests, ACustomerWriteTakesTrimmedNamesAnAddressAndAPhone) {
  const auto params = [](const std::string& body) {
    http::Request r;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    return *api::Params::from_request(r);
  };
  auto w = api::read_customer_update(params(
      R"({"store_id":"st_1","id":"9","first_name":" Ada ","email":"Ada@Example.com ","phone":""})"));
  ASSERT_TRUE(w) << w.error().detail;
  EXPECT_EQ(w->entity, "customer");
  EXPECT_EQ(w->operation, "customer.update");
  EXPECT_EQ(w->changes,
            (json::object{{"first_name", "Ada"}, {"email", "Ada@Example.com"}, {"phone", ""}}));
  const auto refused = [&](const std::string& fields) {
    auto r = api::read_customer_update(params(R"({"store_id":"st_1","id":"9",)" + fields + "}"));
    return r ? std::string("accepted") : r.error().code;
  };
  EXPECT_EQ(refused(R"("first_name":"  ")"), "invalid_parameter");  // a name is kept
  EXPECT_EQ(refused(R"("last_name":"a\u0000b")"), "invalid_parameter");
  EXPECT_EQ(refused(R"("email":"")"), "invalid_parameter");
  for (const char* bad : {"ada", "@example.com", "ada@", "ada@example", "a@b@example.com",
                          "ada@.example.com", "ada@example..com", "ada lovelace@example.com"}) {
    EXPECT_EQ(refused(std::string(R"("email":")") + bad + "\""), "invalid_parameter") << bad;
  }
  EXPECT_EQ(refused(R"("email":")" + std::string(65, 'a') + R"(@example.com")"),
            "invalid_parameter");  // a local part of more than 64 characters
  EXPECT_EQ(refused(R"("phone":5551234)"), "invalid_parameter");
  EXPECT_EQ(refused(R"("phone":")" + std::string(51, '5') + "\""), "invalid_parameter");
  EXPECT_EQ(refused(R"("company":"Navy")"), "unknown_parameter");
  EXPECT_EQ(api::read_customer_update(params(R"({"store_id":"st_1","id":"9"})")).error().code,
            "invalid_parameter");  // nothing to change
  EXPECT_EQ(refused(R"("email":"a.b+c@mail.example.co.uk")"), "accepted");
  EXPECT_TRUE(api::is_write_operation("customer.update"));
}

TEST(WriteRequests, ACustomerAdditionNeedsAnAddressAndIsKnownByIt) {
  const auto params = [](const std::string& body) {
    http::Request r;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    return *api::Params::from_request(r);
  };
  auto w = api::read_customer_add(
      params(R"({"store_id":"st_1","email":" Ada@Example.com ","last_name":"King","phone":""})"));
  ASSERT_TRUE(w) << w.error().detail;
  EXPECT_EQ(w->operation, "customer.add");
  EXPECT_EQ(w->entity, "customer");
  EXPECT_TRUE(w->id.empty());
  // The address as sent (trimmed), known by its lower-cased form; no phone is no phone.
  EXPECT_EQ(w->changes, (json::object{{"email", "Ada@Example.com"}, {"last_name", "King"}}));
  EXPECT_EQ(w->creation_key, "ada@example.com");
  const auto refused = [&](const std::string& body) {
    auto r = api::read_customer_add(params(body));
    return r ? std::string("accepted") : r.error().code;
  };
  EXPECT_EQ(refused(R"({"store_id":"st_1","first_name":"Ada"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"ada@"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"ada@example.com","first_name":" "})"),
            "invalid_parameter");
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"ada@example.com","id":"9"})"),
            "unknown_parameter");
  EXPECT_EQ(refused(R"({"email":"ada@example.com"})"), "invalid_parameter");  // no store
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"ada@example.com"})"), "accepted");
  // Consent given or withdrawn; the other states are the platform's.
  EXPECT_EQ(
      refused(R"({"store_id":"st_1","email":"a@example.com","email_marketing":"subscribed"})"),
      "accepted");
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"a@example.com","email_marketing":"pending"})"),
            "invalid_parameter");
  EXPECT_EQ(refused(R"({"store_id":"st_1","email":"a@example.com","email_marketing":true})"),
            "invalid_parameter");
  EXPECT_TRUE(api::is_write_operation("customer.add"));
  // Two additions of one address in other capitals are one entity to a batch.
  auto a = api::read_customer_add(params(R"({"store_id":"st_1","email":"ADA@example.com"})"));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->creation_key, w->creation_key);
  EXPECT_NE(api::fingerprint(*a), api::fingerprint(*w));
}

TEST(WriteRequests, ADefaultAddressIsOneWholeAddressWithAStreetAndACountry) {
  const auto params = [](const std::string& body) {
    http::Request r;
    r.body = body;
    r.headers = {{"Content-Type", "application/json"}};
    return *api::Params::from_request(r);
  };
  auto w = api::read_customer_update(
      params(R"({"store_id":"st_1","id":"9","default_address":{"address1":" 1 Main St ","city":"",)"
             R"("company":null,"country_code":"US","region_code":"NY"}})"));
  ASSERT_TRUE(w) << w.error().detail;
  // Trimmed; empty and null parts are left out (the platform clears them).
  EXPECT_EQ(
      w->changes.at("default_address"),
      (json::object{{"address1", "1 Main St"}, {"country_code", "US"}, {"region_code", "NY"}}));
  const auto refused = [&](const std::string& address) {
    auto r = api::read_customer_update(
        params(R"({"store_id":"st_1","id":"9","default_address":)" + address + "}"));
    return r ? std::string("accepted") : r.error().code;
  };
  EXPECT_EQ(refused(R"({"country_code":"US"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main St"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main St","country_code":"USA"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main St","country_code":"us"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main\nSt","country_code":"US"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main St","country_code":"US","zip":"1"})"),
            "unknown_parameter");
  EXPECT_EQ(refused(R"({"address1":5,"country_code":"US"})"), "invalid_parameter");
  EXPECT_EQ(refused(R"("1 Main St")"), "invalid_parameter");
  EXPECT_EQ(refused(R"({"address1":"1 Main St","country_code":"US","phone":")" +
                    std::string(51, '5') + R"("})"),
            "invalid_parameter");
}

}  // namespace
}  // namespace cartgate
