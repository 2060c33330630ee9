// Authentication, tenants and inbound rate limits, through real gateway processes and Redis.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "support/gateway_process.hpp"
#include "support/http_client.hpp"

namespace cartgate::test {
namespace {

std::map<std::string, std::string> bearer(const std::string& key) {
  return {{"Authorization", "Bearer " + key}};
}

TEST(GatewayAuth, MissingInvalidUnknownAndRevokedKeysGet401) {
  GatewayProcess gw;
  const std::string key = gw.create_key("acme");

  auto r = http_request(gw.port(), "GET", "/v1/store.list");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json().at("code"), "unauthorized");
  EXPECT_NE(r.header("www-authenticate").find("Bearer"), std::string::npos);

  EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list", bearer("not-a-key")).status, 401);
  // Well-formed, right key id, wrong secret: still 401, and no rate-limit charge (see below).
  std::string forged = key;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list", bearer(forged)).status, 401);
  EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list",
                         bearer("cg_0123456789abcdef_" + std::string(43, 'x')))
                .status,
            401);

  r = http_request(gw.port(), "GET", "/v1/store.list", bearer(key));
  EXPECT_EQ(r.status, 200);
  r = http_request(gw.port(), "GET", "/v1/store.list", {{"x-api-key", key}});
  EXPECT_EQ(r.status, 200);

  int code = 0;
  const std::string key_id = key.substr(3, 16);
  run_cli("key revoke " + key_id, gw.env(), code);
  ASSERT_EQ(code, 0);
  r = http_request(gw.port(), "GET", "/v1/store.list", bearer(key));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().at("detail"), "The API key is invalid or revoked.");
}

TEST(GatewayAuth, EveryAnswerCarriesRateLimitHeaders) {
  GatewayProcess gw;
  const std::string key = gw.create_key("acme");
  auto ok = http_request(gw.port(), "GET", "/v1/store.list", bearer(key));
  EXPECT_EQ(ok.header("ratelimit-limit"), "60");
  EXPECT_EQ(ok.header("ratelimit-remaining"), "59");
  EXPECT_FALSE(ok.header("ratelimit-reset").empty());
  EXPECT_EQ(ok.header("ratelimit-policy"), "600;w=60;burst=60");
  auto bad = http_request(gw.port(), "GET", "/v1/store.info?store_id=st_x", bearer(key));
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.header("ratelimit-remaining"), "58");
}

TEST(GatewayAuth, GcraIsExactAcrossTwoGatewayProcesses) {
  GatewayProcess a;
  GatewayProcess b(a.env());  // same Redis namespace and master key: one deployment
  const std::string key = a.create_key("burst");
  int code = 0;
  // One request per hour with a burst of 20: nothing refills during the test.
  run_cli("tenant set-limit burst --rate 1 --period-ms 3600000 --burst 20", a.env(), code);
  ASSERT_EQ(code, 0);

  std::atomic<int> ok{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpConnection c(t % 2 == 0 ? a.port() : b.port());
      for (int i = 0; i < 15; ++i) {
        auto r = c.request("GET", "/v1/store.list", bearer(key));
        if (r.status == 200) {
          ++ok;
        } else if (r.status == 429) {
          ++limited;
          EXPECT_GE(std::stoi(r.header("retry-after")), 1);
          EXPECT_EQ(r.header("ratelimit-remaining"), "0");
          EXPECT_EQ(r.json().at("code"), "rate_limited");
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(limited.load(), 100);
  EXPECT_EQ(other.load(), 0);
}

TEST(GatewayAuth, WrongSecretsDoNotSpendTheKeysBudget) {
  GatewayProcess gw;
  const std::string key = gw.create_key("victim");
  int code = 0;
  run_cli("tenant set-limit victim --rate 1 --period-ms 3600000 --burst 3", gw.env(), code);
  ASSERT_EQ(code, 0);
  std::string forged = key;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list", bearer(forged)).status, 401);
  }
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list", bearer(key)).status, 200);
  }
  EXPECT_EQ(http_request(gw.port(), "GET", "/v1/store.list", bearer(key)).status, 429);
}

TEST(GatewayAuth, RedisDownFailsClosedWith503) {
  GatewayProcess gw(Env{{"CARTGATE_REDIS_URL", "redis://127.0.0.1:1/0"}});
  auto ready = http_request(gw.port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.json().at("code"), "redis_unavailable");
  EXPECT_EQ(http_request(gw.port(), "GET", "/healthz").status, 200);
  auto r = http_request(gw.port(), "GET", "/v1/store.list",
                        bearer("cg_0123456789abcdef_" + std::string(43, 'x')));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.json().at("code"), "storage_unavailable");
}

}  // namespace
}  // namespace cartgate::test
