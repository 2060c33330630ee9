// Loads a plugin built as a shared library and drives it through the C ABI.
// EXAMPLE_PLUGIN is the in-tree build; the out-of-tree build is checked by
// tests/plugin/out_of_tree.sh, which runs this same binary (cartgate_plugin_tests) with
// CARTGATE_PLUGIN_UNDER_TEST.
#include "connectors/plugin_loader.hpp"

#include <cstdlib>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

#include "connectors/connector_registry.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;

std::string plugin_path() {
  const char* p = std::getenv("CARTGATE_PLUGIN_UNDER_TEST");
  return p ? p : EXAMPLE_PLUGIN;
}

class PluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    connector = load_plugin(plugin_path(), error);
    ASSERT_TRUE(connector) << error;
  }
  std::unique_ptr<Connector> connector;
  StoreContext store{"st_1", "https://shop.example", {{"api_token", "tkn"}}, {}};
  CallEnvironment env{Timestamp{std::chrono::seconds{1700000000}}, "n", ""};
};

TEST_F(PluginTest, ManifestCrossesTheAbi) {
  const Manifest& m = connector->manifest();
  EXPECT_EQ(m.platform, "example");
  EXPECT_EQ(m.max_page_size, 25);
  ASSERT_EQ(m.credentials.size(), 2u);
  EXPECT_FALSE(m.credentials[1].secret);
  EXPECT_EQ(m.events.at(1).delivery, EventDelivery::poll);
  EXPECT_EQ(m.rate_limit.model, RateLimitModel::fixed_window);
  ASSERT_EQ(m.entities.size(), 1u);
  EXPECT_EQ(m.entities[0].date_bounds, std::vector<DateBound>{DateBound::modified_from});
  EXPECT_EQ(validate_manifest(m), "");
  ConnectorRegistry registry;
  EXPECT_EQ(registry.add(std::move(connector), plugin_path()), "");
  EXPECT_NE(registry.find("example"), nullptr);
}

TEST_F(PluginTest, ReadStepsRoundTrip) {
  Call call;
  call.kind = CallKind::read;
  call.read.entity = Entity::order;
  auto first = connector->step({store, call, env, "", {}});
  ASSERT_EQ(first.kind, StepKind::requests);
  ASSERT_EQ(first.requests.size(), 1u);
  EXPECT_EQ(first.requests[0].url, "https://shop.example/orders?page=1");
  EXPECT_EQ(find_header(first.requests[0].headers, "x-example-token"), "tkn");

  std::vector<HttpResponse> responses{
      {200,
       {{"X-Example-Left", "7"}},
       R"({"orders":[{"id":5,"total":"9.995","currency":"EUR","email":" A@B.C ","updated":"2026-01-02T03:04:05+01:00"}],"next":2})"}};
  auto done = connector->step({store, call, env, first.state, responses});
  ASSERT_EQ(done.kind, StepKind::done) << done.error.message;
  const auto& order = done.result.at("items").at(0);
  EXPECT_EQ(order.at("totals").at("total").at("amount"), "10.00");
  EXPECT_EQ(order.at("identity").at("email"), "a@b.c");
  EXPECT_EQ(order.at("updated_at"), "2026-01-02T02:04:05Z");
  EXPECT_EQ(done.result.at("next_page_token"), "2");
  EXPECT_EQ(done.observations.at(0).remaining, 7);

  // What the manifest declares is sent on: one status, and "updated since".
  call.read.filters["status"] = "paid";
  call.read.modified_from = Timestamp{std::chrono::seconds{1700000000}};
  auto filtered = connector->step({store, call, env, "", {}});
  ASSERT_EQ(filtered.kind, StepKind::requests);
  EXPECT_EQ(
      filtered.requests.at(0).url,
      "https://shop.example/orders?page=1&status=paid&updated_since=2023-11-14T22%3A13%3A20Z");

  responses[0] = {401, {}, ""};
  auto refused = connector->step({store, call, env, first.state, responses});
  EXPECT_EQ(refused.kind, StepKind::failed);
  EXPECT_EQ(refused.error.kind, ConnectorErrorKind::bad_credentials);
}

TEST_F(PluginTest, AMalformedPageIsAnInvalidResponseNamingWhatIsMissing) {
  Call call;
  call.kind = CallKind::read;
  std::vector<HttpResponse> responses{{200, {}, R"({"orders":[{"id":1}]})"}};  // missing fields
  auto out = connector->step({store, call, env, "page=1", responses});
  EXPECT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_response);
  EXPECT_NE(out.error.message.find("order 1"), std::string::npos) << out.error.message;
}

TEST_F(PluginTest, APageTokenThatIsNotThePluginsOwnIsRefused) {
  Call call;
  call.kind = CallKind::read;
  call.read.page_token = "1&admin=1";
  auto out = connector->step({store, call, env, "", {}});
  EXPECT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::invalid_query);
}

TEST(PluginExceptions, BecomeConnectorFailuresNotCrashes) {
  std::string error;
  auto thrower = load_plugin(THROWING_PLUGIN, error);
  ASSERT_TRUE(thrower) << error;
  const StoreContext store{"st_1", "https://shop.example", {}, {}};
  const CallEnvironment env{Timestamp{std::chrono::seconds{1700000000}}, "n", ""};
  Call call;
  call.kind = CallKind::read;
  auto out = thrower->step({store, call, env, "", {}});
  EXPECT_EQ(out.kind, StepKind::failed);
  EXPECT_EQ(out.error.kind, ConnectorErrorKind::connector_failed);
  call.kind = CallKind::probe;
  EXPECT_EQ(thrower->step({store, call, env, "", {}}).kind, StepKind::failed);
  EXPECT_NE(thrower->handle_webhook({store, {}, "{}", env.now}).verdict, WebhookVerdict::accepted);
  call.kind = CallKind::webhooks_list;
  const auto claimed = thrower->step({store, call, env, "", {}});
  EXPECT_EQ(claimed.error.kind, ConnectorErrorKind::connector_failed)
      << "address_forbidden is the gateway's to say";
}

TEST_F(PluginTest, WebhooksAreVerifiedInsideThePlugin) {
  const std::string body = R"({"id":42})";
  HttpHeaders headers{{"X-Example-Signature", sdk::base64_encode(sdk::hmac_sha256("tkn", body))},
                      {"X-Example-Delivery", "d-1"}};
  auto ok = connector->handle_webhook({store, headers, body, env.now});
  EXPECT_EQ(ok.verdict, WebhookVerdict::accepted);
  ASSERT_EQ(ok.changes.size(), 1u);
  EXPECT_EQ(ok.changes[0].entity_id, "42");
  EXPECT_EQ(ok.changes[0].dedupe_id, "d-1");

  headers[0].value = sdk::base64_encode(sdk::hmac_sha256("wrong", body));
  EXPECT_EQ(connector->handle_webhook({store, headers, body, env.now}).verdict,
            WebhookVerdict::rejected);
}

TEST(PluginLoader, RefusesWhatIsNotAPlugin) {
  std::string error;
  EXPECT_FALSE(load_plugin("/nonexistent/plugin.so", error));
  EXPECT_NE(error.find("cannot load"), std::string::npos);
  EXPECT_FALSE(load_plugin(NOT_A_PLUGIN, error));  // a shared library without the entry point
  EXPECT_NE(error.find("cartgate_plugin_entry_v1"), std::string::npos);
  EXPECT_FALSE(load_plugin(WRONG_ABI_PLUGIN, error));
  EXPECT_NE(error.find("incompatible plugin ABI"), std::string::npos);

  ConnectorRegistry registry;
  auto a = load_plugin(plugin_path(), error);
  auto b = load_plugin(plugin_path(), error);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(registry.add(std::move(a), "first"), "");
  EXPECT_NE(registry.add(std::move(b), "second").find("already provided by first"),
            std::string::npos);
}

}  // namespace
}  // namespace cartgate
