// The platform fixture suite: every platform's documented shapes (tests/fixtures, sources named
// in tests/fixtures/cases/cases.json) run through its connector's mapping and webhook
// verification, checked against normalized fields written by hand from the documentation.
#include <string>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/crypto.hpp>

#include "connector_drive.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace test;  // the connector drive helpers (connector_drive.hpp)

json::object cases() {
  return json::parse(fixture("cases/cases.json")).as_object();
}

StoreContext store_for(const std::string& platform, const json::object& settings) {
  StoreContext store = platform == "woocommerce"   ? test::woo_store("https://shop.example")
                       : platform == "magento"     ? test::mage_store()
                       : platform == "bigcommerce" ? test::bc_store()
                                                   : test::shop_store();
  for (const auto& [k, v] : settings)
    store.settings[std::string(k)] = std::string(v.as_string());
  return store;
}

// The value at a dot path ("default_address.country_code", "line_items.0.quantity"); null when
// the path leads nowhere.
json::value at_path(const json::value& root, const std::string& path) {
  const json::value* v = &root;
  std::size_t start = 0;
  while (v != nullptr && start <= path.size()) {
    const auto dot = path.find('.', start);
    const std::string part = path.substr(start, dot == std::string::npos ? dot : dot - start);
    if (v->is_object()) {
      v = v->as_object().if_contains(part);
    } else if (v->is_array() && !part.empty() &&
               part.find_first_not_of("0123456789") == std::string::npos) {
      const auto i = std::stoul(part);
      v = i < v->as_array().size() ? &v->as_array()[i] : nullptr;
    } else {
      v = nullptr;
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return v != nullptr ? *v : json::value(nullptr);
}

void expect_fields(const json::value& actual, const json::object& expected) {
  for (const auto& [key, want] : expected) {
    std::string path(key);
    if (path.ends_with('#')) {
      path.pop_back();
      const json::value list = at_path(actual, path);
      EXPECT_TRUE(list.is_array()) << path << " in " << actual;
      if (list.is_array()) {
        EXPECT_EQ(static_cast<std::int64_t>(list.as_array().size()), want.as_int64()) << path;
      }
      continue;
    }
    EXPECT_EQ(at_path(actual, path), want) << path << " in " << actual;
  }
}

TEST(PlatformFixtures, DocumentedReadsMapToTheDocumentedFields) {
  const auto all = cases();
  for (const auto& c : all.at("reads").as_array()) {
    const auto& o = c.as_object();
    SCOPED_TRACE(std::string(o.at("name").as_string()) + " — " +
                 std::string(o.at("source").as_string()));
    const std::string platform(o.at("platform").as_string());
    const std::string entity(o.at("entity").as_string());
    Drive d{builtin(platform), store_for(platform, o.at("settings").as_object()),
            read(entity == "order"      ? Entity::order
                 : entity == "customer" ? Entity::customer
                 : entity == "product"  ? Entity::product
                                        : Entity::cart,
                 ReadVerb::info)};
    d.call.read.id = std::string(o.at("id").as_string());
    std::vector<std::vector<HttpResponse>> steps;
    for (const auto& step : o.at("answers").as_array()) {
      std::vector<HttpResponse> answers;
      for (const auto& file : step.as_array()) {
        std::string body = fixture(std::string(file.as_string()));
        if (const auto* wrap = o.if_contains("wrap")) {
          // Shopify answers GraphQL: the node under its root field (and the shop's currency
          // next to a product, as the connector's query asks for it).
          const std::string root(wrap->as_string());
          body = R"({"data":{)" +
                 std::string(root == "product" ? R"("shop":{"currencyCode":"USD"},)" : "") + "\"" +
                 root + "\":" + body + "}}";
        }
        answers.push_back(answer(200, std::move(body)));
      }
      steps.push_back(std::move(answers));
    }
    const auto out = d.run(steps);
    ASSERT_EQ(out.kind, StepKind::done) << out.error.message;
    expect_fields(out.result.at("item"), o.at("expect").as_object());
  }
}

// The headers a platform sends with `body`, signed with the test store's secrets.
HttpHeaders signed_headers(const std::string& platform, const std::string& topic,
                           const std::string& body, const StoreContext& store, Timestamp now) {
  if (platform == "woocommerce") {
    return {{"X-WC-Webhook-Topic", topic},
            {"X-WC-Webhook-ID", "12"},
            {"X-WC-Webhook-Delivery-ID", "6c8d1c2f1f5e4c9a8b7d6e5f4a3b2c1d"},
            {"X-WC-Webhook-Signature",
             sdk::base64_encode(sdk::hmac_sha256(store.credentials.at("webhook_secret"), body))}};
  }
  if (platform == "shopify") {
    return {{"X-Shopify-Topic", topic},
            {"X-Shopify-Shop-Domain", "demo.myshopify.com"},
            {"X-Shopify-Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5"},
            {"X-Shopify-Hmac-Sha256",
             sdk::base64_encode(sdk::hmac_sha256(store.credentials.at("api_secret"), body))}};
  }
  // BigCommerce: Standard Webhooks, plus the store token set on the hook at registration
  // (docs/events.md: an HMAC of the store id under the app's client secret).
  const std::string id = "msg_2B8Nf0yGz";
  const std::string ts = std::to_string(now.time_since_epoch().count());
  const std::string secret = store.credentials.at("client_secret");
  return {{"webhook-id", id},
          {"webhook-timestamp", ts},
          {"webhook-signature",
           "v1," + sdk::base64_encode(sdk::hmac_sha256(secret, id + "." + ts + "." + body))},
          {"X-Cartgate-Store-Token",
           sdk::base64url_encode(sdk::hmac_sha256(secret, "cartgate-store|" + store.store_id))}};
}

TEST(PlatformFixtures, DocumentedWebhooksVerifyAndParseToTheDocumentedChanges) {
  const auto all = cases();
  const Timestamp now = *parse_rfc3339("2026-11-24T10:00:00Z");
  for (const auto& c : all.at("webhooks").as_array()) {
    const auto& o = c.as_object();
    SCOPED_TRACE(std::string(o.at("name").as_string()) + " — " +
                 std::string(o.at("source").as_string()));
    const std::string platform(o.at("platform").as_string());
    const StoreContext store = store_for(platform, {});
    const std::string body = fixture(std::string(o.at("body").as_string()));
    const HttpHeaders headers =
        signed_headers(platform, std::string(o.at("topic").as_string()), body, store, now);
    const auto result = builtin(platform).handle_webhook({store, headers, body, now});
    json::array changes;
    for (const auto& change : result.changes) {
      json::object entry{{"type", enum_name(change.type)},
                         {"entity_id", change.entity_id},
                         {"entity", change.entity}};
      if (change.updated_at) entry["updated_at"] = format_rfc3339(*change.updated_at);
      changes.push_back(std::move(entry));
    }
    expect_fields(json::object{{"verdict", enum_name(result.verdict)}, {"changes", changes}},
                  o.at("expect").as_object());
    // One byte more and it is no longer the platform's delivery.
    EXPECT_EQ(builtin(platform).handle_webhook({store, headers, body + " ", now}).verdict,
              WebhookVerdict::rejected);
  }
}

}  // namespace
}  // namespace cartgate
