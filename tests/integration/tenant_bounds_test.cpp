// One tenant cannot take what all tenants share: a cap on stores, on events replayed per
// hour, and on the queue of a subscriber that stopped taking deliveries (the surplus is
// dead-lettered with its reason, visible and replayable).
#include <poll.h>
#include <thread>
#include <unistd.h>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "event_pipeline_fixture.hpp"
#include "support/raw_listener.hpp"

namespace cartgate::test {
namespace {

using namespace std::chrono_literals;

TEST(TenantBounds, StoresPerTenantAreCapped) {
  GatewayProcess gw{{{"CARTGATE_OUTBOUND_CONNECT_TO", "shop.example.com=127.0.0.1:9"},
                     {"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "127.0.0.1/32"},
                     {"CARTGATE_TENANTS_MAX_STORES", "2"}}};
  const std::string alice = gw.create_key("alice");
  const std::string bob = gw.create_key("bob");
  const auto add = [&](const std::string& key) {
    return http_request(gw.port(), "POST", "/v1/store.add",
                        {{"x-api-key", key}, {"content-type", "application/json"}},
                        R"({"platform":"example","url":"https://shop.example.com",
                            "credentials":{"api_token":"t0k3n-0123456789"},"verify":false})");
  };
  ASSERT_EQ(add(alice).status, 201);
  const auto second = add(alice);
  ASSERT_EQ(second.status, 201);
  const auto third = add(alice);
  EXPECT_EQ(third.status, 409) << third.body;
  EXPECT_EQ(third.json().at("code"), "store_limit_reached");
  EXPECT_EQ(add(bob).status, 201);  // the cap is per tenant
  const std::string id(second.json().at("data").at("id").as_string());
  ASSERT_EQ(http_request(gw.port(), "POST", "/v1/store.delete",
                         {{"x-api-key", alice}, {"content-type", "application/json"}},
                         R"({"store_id":")" + id + R"("})")
                .status,
            200);
  EXPECT_EQ(add(alice).status, 201);
}

// A subscriber that accepts deliveries and never answers: the first one stays in flight.
RawListener hanging_subscriber() {
  return RawListener("127.0.0.1", [](int fd, const std::atomic<bool>& stopping) {
    char buf[4096];
    while (!stopping.load()) {  // until the gateway gives up or goes away
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 200) < 0) return;
      if ((p.revents & POLLIN) != 0 && ::read(fd, buf, sizeof buf) <= 0) return;
    }
  });
}

class TenantQueues : public EventPipeline {};

TEST_F(TenantQueues, AStalledSubscribersQueueIsCappedAndReplaysAreBounded) {
  auto subscriber = hanging_subscriber();
  // The subscriber never answers: a stopping gateway waits for that delivery until its drain
  // timeout, then leaves it to be sent again once its hold runs out.
  start_gateway({{"CARTGATE_EVENTS_MAX_QUEUE_LENGTH", "2"},
                 {"CARTGATE_TENANTS_REPLAY_EVENTS_PER_HOUR", "1"},
                 {"CARTGATE_HTTP_DRAIN_TIMEOUT_MS", "2000"}});
  auto created = post("webhook.create",
                      json::object{{"url", "http://127.0.0.1:" + std::to_string(subscriber.port())},
                                   {"max_concurrency", 1},
                                   {"timeout_ms", 60000}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string sub(created.json().at("data").at("id").as_string());
  add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  // One delivery in flight (held by the subscriber), one waiting: the queue is full; the rest
  // go to the dead letters with their reason.
  for (int i = 0; i < 4; ++i) {
    ASSERT_EQ(sandbox_->control("POST", mage, "products", json::object{}).status, 201);
  }
  json::value health;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < deadline) {
    health = ok_list("webhook.list").at(0).at("health");
    if (health.at("dead_letters").as_int64() >= 2) break;
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_EQ(health.at("dead_letters").as_int64(), 2) << json::serialize(health);
  // The queue can fill before the first delivery has connected (a slow machine, a sanitizer).
  const auto connected = std::chrono::steady_clock::now() + 10s;
  while (subscriber.connections() < 1 && std::chrono::steady_clock::now() < connected)
    std::this_thread::sleep_for(100ms);
  EXPECT_GE(subscriber.connections(), 1);
  // The tenant sees why, on the event.
  const auto events = ok_list("event.list?limit=10");
  ASSERT_EQ(events.size(), 4u);
  int queue_full = 0;
  for (const auto& e : events) {
    auto info =
        http_request(gw_->port(), "GET", "/v1/event.info?id=" + std::string(e.at("id").as_string()),
                     {{"x-api-key", key_}});
    const json::value body = info.json();
    const auto& d = body.at("data").at("deliveries").at(0).as_object();
    if (d.at("status") == "dead_letter") {
      EXPECT_EQ(d.at("reason"), "queue_full") << json::serialize(d);
      ++queue_full;
    }
  }
  EXPECT_EQ(queue_full, 2);
  // Replays: two dead letters are over the hourly limit of one; one fits the limit but not
  // the full queue. Nothing is queued either way.
  auto two = post("event.replay",
                  json::object{{"subscription_id", sub}, {"dead_letters", true}, {"limit", 2}});
  EXPECT_EQ(two.status, 429) << two.body;
  EXPECT_EQ(two.json().at("code"), "replay_limit_reached");
  EXPECT_FALSE(two.header("retry-after").empty());
  auto one = post("event.replay",
                  json::object{{"subscription_id", sub}, {"dead_letters", true}, {"limit", 1}});
  EXPECT_EQ(one.status, 409) << one.body;
  EXPECT_EQ(one.json().at("code"), "queue_full");
  EXPECT_EQ(ok_list("webhook.list").at(0).at("health").at("dead_letters").as_int64(), 2);
  gw_.reset();  // lets the hanging subscriber's connection end
}

}  // namespace
}  // namespace cartgate::test
