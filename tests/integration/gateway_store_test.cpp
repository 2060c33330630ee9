// The store registry through the API: CRUD, validation, tenant isolation, pagination, and
// credentials that never appear in clear in Redis, its AOF, the API or the logs.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/gateway_process.hpp"
#include "support/http_client.hpp"
#include "support/redis_sync.hpp"

namespace cartgate::test {
namespace {

namespace json = boost::json;

class StoreApi : public ::testing::Test {
 protected:
  HttpResult call(const std::string& key, const std::string& method, const json::value& body) {
    return http_request(gw.port(), "POST", "/v1/" + method, {{"x-api-key", key}},
                        json::serialize(body));
  }
  HttpResult add(const std::string& key, const std::string& token, const std::string& name = "") {
    json::object body{{"platform", "example"},
                      {"url", "https://shop.example.com/"},
                      {"credentials", {{"api_token", token}, {"shop_label", "EU shop"}}},
                      {"verify", false}};  // shop.example.com is not a real store
    if (!name.empty()) body["name"] = name;
    return call(key, "store.add", body);
  }

  // shop.example.com is reached at a closed loopback port: a name that resolves (the test
  // machine has no DNS) to an address the deployment allows.
  GatewayProcess gw{{{"CARTGATE_OUTBOUND_CONNECT_TO", "shop.example.com=127.0.0.1:9"},
                     {"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "127.0.0.1/32"}}};
  const std::string alice = gw.create_key("alice");
  const std::string bob = gw.create_key("bob");
};

TEST_F(StoreApi, AddInfoUpdateDelete) {
  const std::string secret = "tok_" + fresh_namespace() + "_very_secret_value";
  auto added = add(alice, secret);
  ASSERT_EQ(added.status, 201) << added.body;
  const json::value added_json = added.json();
  const auto& store = added_json.at("data").as_object();
  const std::string id(store.at("id").as_string());
  EXPECT_TRUE(id.starts_with("st_"));
  EXPECT_EQ(store.at("platform"), "example");
  EXPECT_EQ(store.at("url"), "https://shop.example.com");
  EXPECT_EQ(store.at("name"), "shop.example.com");
  EXPECT_EQ(store.at("status"), "active");
  EXPECT_EQ(store.at("credentials").at("api_token").as_string(),
            "****" + secret.substr(secret.size() - 4));
  EXPECT_EQ(store.at("credentials").at("shop_label"), "EU shop");  // declared non-secret
  EXPECT_EQ(added.body.find(secret), std::string::npos);

  auto info =
      http_request(gw.port(), "GET", "/v1/store.info?store_id=" + id, {{"x-api-key", alice}});
  ASSERT_EQ(info.status, 200);
  EXPECT_EQ(info.json().at("data"), store);

  auto updated = call(alice, "store.update",
                      {{"store_id", id},
                       {"name", "Main shop"},
                       {"status", "disabled"},
                       {"credentials", {{"shop_label", ""}}},
                       {"settings", {{"currency", "EUR"}}}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  const json::value updated_json = updated.json();
  const auto& u = updated_json.at("data").as_object();
  EXPECT_EQ(u.at("name"), "Main shop");
  EXPECT_EQ(u.at("status"), "disabled");
  EXPECT_FALSE(u.at("credentials").as_object().contains("shop_label"));
  EXPECT_TRUE(u.at("credentials").as_object().contains("api_token"));
  EXPECT_EQ(u.at("settings").at("currency"), "EUR");

  // Removing a required credential is refused, and changes nothing.
  auto refused =
      call(alice, "store.update", {{"store_id", id}, {"credentials", {{"api_token", ""}}}});
  EXPECT_EQ(refused.status, 400);
  info = http_request(gw.port(), "GET", "/v1/store.info?store_id=" + id, {{"x-api-key", alice}});
  EXPECT_EQ(info.json().at("data").at("name"), "Main shop");

  auto deleted = call(alice, "store.delete", {{"store_id", id}});
  ASSERT_EQ(deleted.status, 200);
  EXPECT_EQ(deleted.json().at("data").at("deleted"), true);
  info = http_request(gw.port(), "GET", "/v1/store.info?store_id=" + id, {{"x-api-key", alice}});
  EXPECT_EQ(info.status, 404);
  EXPECT_EQ(info.json().at("code"), "store_not_found");
  EXPECT_EQ(call(alice, "store.delete", {{"store_id", id}}).status, 404);
}

TEST_F(StoreApi, BadInputGetsAClearProblemAndChangesNothing) {
  const auto expect_problem = [&](const json::value& body, int status, const std::string& code) {
    auto r = call(alice, "store.add", body);
    EXPECT_EQ(r.status, status) << json::serialize(body) << " -> " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
  };
  const json::object creds{{"api_token", "t0k3n"}};
  expect_problem({{"platform", "magento2"}, {"url", "https://a.b"}, {"credentials", creds}}, 400,
                 "unknown_platform");
  expect_problem({{"platform", "example"}, {"credentials", creds}}, 400, "invalid_parameter");
  expect_problem({{"platform", "example"}, {"url", "ftp://a.b"}, {"credentials", creds}}, 400,
                 "invalid_parameter");
  expect_problem({{"platform", "example"}, {"url", "https://u:p@a.b"}, {"credentials", creds}}, 400,
                 "invalid_parameter");
  expect_problem({{"platform", "example"}, {"url", "https://a.b"}}, 400, "invalid_parameter");
  expect_problem({{"platform", "example"}, {"url", "https://a.b"}, {"credentials", json::object{}}},
                 400, "invalid_parameter");
  expect_problem({{"platform", "example"},
                  {"url", "https://a.b"},
                  {"credentials", {{"api_token", "t"}, {"password", "p"}}}},
                 400, "invalid_parameter");
  expect_problem(
      {{"platform", "example"}, {"url", "https://a.b"}, {"credentials", {{"api_token", 42}}}}, 400,
      "invalid_parameter");
  expect_problem({{"platform", "example"},
                  {"url", "https://a.b"},
                  {"credentials", creds},
                  {"settings", {{"timezone", "UTC"}}}},
                 400, "invalid_parameter");
  for (const char* window : {"0", "43201", "1.5", "soon"}) {
    expect_problem({{"platform", "example"},
                    {"url", "https://a.b"},
                    {"credentials", creds},
                    {"settings", {{"abandon_after_minutes", window}}}},
                   400, "invalid_parameter");
  }
  expect_problem(
      {{"platform", "example"}, {"url", "https://a.b"}, {"credentials", creds}, {"colour", "red"}},
      400, "unknown_parameter");
  auto wrong_type = http_request(gw.port(), "POST", "/v1/store.add",
                                 {{"x-api-key", alice}, {"Content-Type", "text/plain"}}, "x=1");
  EXPECT_EQ(wrong_type.status, 415);
  auto bad_json =
      http_request(gw.port(), "POST", "/v1/store.add", {{"x-api-key", alice}}, "{\"a\":");
  EXPECT_EQ(bad_json.json().at("code"), "malformed_json");

  auto list = http_request(gw.port(), "GET", "/v1/store.list", {{"x-api-key", alice}});
  EXPECT_EQ(list.json().at("data").as_array().size(), 0u);
}

TEST_F(StoreApi, TenantsNeverSeeEachOthersStores) {
  auto added = add(alice, "alice-token-0123456789");
  ASSERT_EQ(added.status, 201);
  const std::string id(added.json().at("data").at("id").as_string());

  auto info = http_request(gw.port(), "GET", "/v1/store.info?store_id=" + id, {{"x-api-key", bob}});
  EXPECT_EQ(info.status, 404);  // not 403: bob cannot even learn that the id exists
  EXPECT_EQ(call(bob, "store.update", {{"store_id", id}, {"name", "mine"}}).status, 404);
  EXPECT_EQ(call(bob, "store.delete", {{"store_id", id}}).status, 404);
  auto bob_list = http_request(gw.port(), "GET", "/v1/store.list", {{"x-api-key", bob}});
  EXPECT_EQ(bob_list.json().at("data").as_array().size(), 0u);

  auto alice_info =
      http_request(gw.port(), "GET", "/v1/store.info?store_id=" + id, {{"x-api-key", alice}});
  EXPECT_EQ(alice_info.status, 200);
  EXPECT_EQ(alice_info.json().at("data").at("name"), "shop.example.com");
}

TEST_F(StoreApi, ListPagesWithTamperEvidentCursors) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto r = add(alice, "token-0123456789-" + std::to_string(i), "shop " + std::to_string(i));
    ASSERT_EQ(r.status, 201);
    ids.emplace_back(r.json().at("data").at("id").as_string());
  }
  add(bob, "bob-token-0123456789");

  std::vector<std::string> seen;
  std::string cursor;
  for (int page = 0; page < 10; ++page) {
    std::string target = "/v1/store.list?limit=2";
    if (!cursor.empty()) target += "&cursor=" + cursor;
    auto r = http_request(gw.port(), "GET", target, {{"x-api-key", alice}});
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value page_json = r.json();
    for (const auto& s : page_json.at("data").as_array())
      seen.emplace_back(s.at("id").as_string());
    const auto& p = page_json.at("pagination");
    if (!p.at("has_more").as_bool()) {
      EXPECT_TRUE(p.at("next_cursor").is_null());
      break;
    }
    cursor = std::string(p.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, ids);  // creation order, no gaps, no repeats

  auto first = http_request(gw.port(), "GET", "/v1/store.list?limit=2", {{"x-api-key", alice}});
  std::string c(first.json().at("pagination").at("next_cursor").as_string());
  auto stolen = http_request(gw.port(), "GET", "/v1/store.list?cursor=" + c, {{"x-api-key", bob}});
  EXPECT_EQ(stolen.status, 400);
  EXPECT_EQ(stolen.json().at("code"), "invalid_cursor");
  c[1] = c[1] == 'A' ? 'B' : 'A';
  auto tampered =
      http_request(gw.port(), "GET", "/v1/store.list?cursor=" + c, {{"x-api-key", alice}});
  EXPECT_EQ(tampered.json().at("code"), "invalid_cursor");
  EXPECT_EQ(
      http_request(gw.port(), "GET", "/v1/store.list?limit=251", {{"x-api-key", alice}}).status,
      400);
}

TEST_F(StoreApi, CredentialsAreEncryptedAtRestAndNeverLogged) {
  const std::string secret = "tok_" + fresh_namespace() + "_plaintext_marker";
  ASSERT_EQ(add(alice, secret).status, 201);

  RedisSync redis(test_redis_url());
  const auto keys = redis.keys(gw.env().at("CARTGATE_REDIS_NAMESPACE") + ":*");
  ASSERT_FALSE(keys.empty());
  bool saw_sealed = false;
  for (const auto& k : keys) {
    for (const auto& v : redis.values(k)) {
      EXPECT_EQ(v.find(secret), std::string::npos) << "secret in clear under " << k;
      saw_sealed = saw_sealed || v.starts_with("v1.");
    }
  }
  EXPECT_TRUE(saw_sealed);

  // Nor in Redis' persistence files (AOF on, as the test command starts it).
  redis.command({"BGREWRITEAOF"});
  const auto dir = redis.command({"CONFIG", "GET", "dir"}).at(1);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream data;
    data << in.rdbuf();
    EXPECT_EQ(data.str().find(secret), std::string::npos) << entry.path();
  }
  EXPECT_EQ(gw.log_text().find(secret), std::string::npos);
}

// A plugin is third-party code: a result of the wrong shape (a list without items, a count
// that is not a number, an item that is not an object) and an exception are the connector's
// failure, answered 502 connector_failed and logged with the platform, store and request, and
// never indexed into.
TEST(PluginResults, OfTheWrongShapeAreTheConnectorsFailure) {
  const auto plugins = std::filesystem::temp_directory_path() / ("plugins-" + fresh_namespace());
  std::filesystem::create_directories(plugins);
  std::filesystem::create_symlink(THROWING_PLUGIN, plugins / "throwing_plugin.so");
  GatewayProcess gw{{{"CARTGATE_PLUGINS_DIR", plugins.string()},
                     {"CARTGATE_OUTBOUND_CONNECT_TO", "shop.example.com=127.0.0.1:9"},
                     {"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "127.0.0.1/32"}}};
  const std::string key = gw.create_key("acme");
  auto added = http_request(gw.port(), "POST", "/v1/store.add", {{"x-api-key", key}},
                            json::serialize(json::object{{"platform", "throwing"},
                                                         {"url", "https://shop.example.com/"},
                                                         {"credentials", json::object{}},
                                                         {"verify", false}}));
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string store(added.json().at("data").at("id").as_string());
  for (const std::string target :
       {"/v1/customer.list", "/v1/customer.count", "/v1/customer.info?id=1", "/v1/order.list"}) {
    const std::string sep = target.find('?') == std::string::npos ? "?" : "&";
    auto r =
        http_request(gw.port(), "GET", target + sep + "store_id=" + store, {{"x-api-key", key}});
    EXPECT_EQ(r.status, 502) << target << " -> " << r.body;
    EXPECT_EQ(r.json().at("code"), "connector_failed") << target;
  }
  const std::string log = gw.log_text();
  EXPECT_NE(log.find("a result without the shape of a count answer"), std::string::npos) << log;
  EXPECT_NE(log.find("a result without the shape of a list answer"), std::string::npos);
  EXPECT_NE(log.find("\"platform\":\"throwing\""), std::string::npos);
  std::filesystem::remove_all(plugins);
}

}  // namespace
}  // namespace cartgate::test
