#pragma once
// The event pipeline's integration fixture: one sandbox (a store per platform) for the suite,
// a gateway process per test, a subscriber that verifies deliveries with the official
// `standardwebhooks` library, and the waits the tests share.
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/free_port.hpp"
#include "support/gateway_process.hpp"
#include "support/http_client.hpp"
#include "support/redis_sync.hpp"
#include "support/sandbox_process.hpp"
#include "support/subscriber_process.hpp"

namespace cartgate::test {

// The webhook topics the gateway registers on a BigCommerce store (wanted_scopes() in
// connectors/bigcommerce/bc_webhook_admin.cpp): orders, customers, products, their variants'
// SKUs and carts.
inline constexpr std::size_t kBigCommerceTopics = 12;

namespace json = boost::json;
using namespace std::chrono_literals;

inline std::string id_text(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

class EventPipeline : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sandbox_ = new SandboxProcess(
        "--stores shopify=1,woocommerce=1,magento=1,bigcommerce=1 --orders 5 --customers 3 "
        "--products 3 "
        "--carts 2");
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  void start_gateway(Env extra = {}) {
    Env env = sandbox_->gateway_env({{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"},
                                     {"CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "500"},
                                     {"CARTGATE_EVENTS_RETRY_SCHEDULE", "1s,1s"}});
    for (auto& [k, v] : extra)
      env[k] = v;
    gw_ = std::make_unique<GatewayProcess>(env);
    key_ = gw_->create_key("acme");
  }

  // The configuration of another process of the same deployment as gw_ (same Redis namespace
  // and master key, same event settings), plus `extra`.
  Env peer_env(Env extra = {}) const {
    for (const char* k :
         {"CARTGATE_REDIS_NAMESPACE", "CARTGATE_MASTER_KEY", "CARTGATE_OUTBOUND_CA_FILE",
          "CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "CARTGATE_OUTBOUND_CONNECT_TO",
          "CARTGATE_OUTBOUND_ALLOW_HTTP", "CARTGATE_EVENTS_POLL_INTERVAL_MS",
          "CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "CARTGATE_EVENTS_RETRY_SCHEDULE"}) {
      extra.try_emplace(k, gw_->env().at(k));
    }
    return extra;
  }

  std::string add(const std::string& platform) {
    json::object body = sandbox_->store_add_body(sandbox_->store(platform));
    auto r = post("store.add", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("data").at("id").as_string());
  }
  HttpResult post(const std::string& method, const json::value& body) {
    return http_request(gw_->port(), "POST", "/v1/" + method,
                        {{"x-api-key", key_}, {"content-type", "application/json"}},
                        json::serialize(body));
  }
  // The `data` array of a GET of `method` (a list the test expects to succeed).
  json::array ok_list(const std::string& method) {
    auto r = http_request(gw_->port(), "GET", "/v1/" + method, {{"x-api-key", key_}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("data").as_array();
  }
  // A subscription to everything, its secret handed to the subscriber.
  std::string subscribe(const SubscriberProcess& sub, json::object extra = {}) {
    json::object body{{"url", sub.url()}};
    for (auto& [k, v] : extra)
      body[k] = v;
    auto r = post("webhook.create", body);
    EXPECT_EQ(r.status, 201) << r.body;
    auto data = r.json().at("data").as_object();
    sub.configure(json::object{{"secret", data.at("secret")}});
    return std::string(data.at("id").as_string());
  }
  // Waits until `done(log)` holds for the subscriber's log, or fails after `timeout`.
  template <class Pred>
  json::array wait_log(const SubscriberProcess& sub, Pred done,
                       std::chrono::milliseconds timeout = 20s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    json::array log;
    while (std::chrono::steady_clock::now() < deadline) {
      log = sub.log();
      if (done(log)) return log;
      std::this_thread::sleep_for(100ms);
    }
    ADD_FAILURE() << "timed out; subscriber log: " << json::serialize(log);
    return log;
  }
  // A gateway whose public URL is its own address, so the sandbox delivers platform webhooks
  // to it; the safety-net poll is ten minutes away, so changes arrive by webhook.
  // `extra` overrides those settings.
  std::string start_public_gateway(Env extra = {}) {
    const std::string port = std::to_string(free_port());
    extra.try_emplace("CARTGATE_HTTP_PORT", port);
    extra.try_emplace("CARTGATE_EVENTS_PUBLIC_URL", "http://127.0.0.1:" + port);
    extra.try_emplace("CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "600000");
    extra.try_emplace("CARTGATE_EVENTS_WEBHOOK_CHECK_INTERVAL_MS", "1500");
    start_gateway(extra);
    return "http://127.0.0.1:" + port;
  }
  // How many of the sandbox store's webhook subscriptions deliver, active, to `callback`.
  std::size_t registered(const std::string& sandbox_store, const std::string& callback,
                         json::value* subs = nullptr) const {
    auto listed = sandbox_->control("GET", sandbox_store, "subscriptions", nullptr).json();
    std::size_t ours = 0;
    for (const auto& s : listed.as_array()) {
      if (s.at("url") == callback.c_str() && s.at("status") == "active") ++ours;
    }
    if (subs != nullptr) *subs = std::move(listed);
    return ours;
  }
  std::size_t wait_registered(const std::string& sandbox_store, const std::string& callback,
                              std::size_t expected, json::value* subs = nullptr) const {
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    std::size_t n = 0;
    while ((n = registered(sandbox_store, callback, subs)) != expected &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
    }
    return n;
  }

  struct Connected {
    std::string sandbox_id, store, callback;
  };
  // A public gateway with a catch-all subscription and the platform's store added; returns
  // once the gateway has registered `topics` webhooks with the platform.
  Connected connect_with_webhooks(const std::string& platform, std::size_t topics,
                                  SubscriberProcess& subscriber, Env extra = {}) {
    const std::string base = start_public_gateway(std::move(extra));
    subscribe(subscriber);
    Connected c{std::string(sandbox_->store(platform).at("id").as_string()), add(platform), ""};
    c.callback = base + "/v1/ingest/" + platform + "/" + c.store;
    json::value subs;
    EXPECT_EQ(wait_registered(c.sandbox_id, c.callback, topics, &subs), topics)
        << json::serialize(subs) << gw_->log_text();
    // The platform holds the subscriptions a moment before the gateway records the run that
    // made them: until then the store's changes are still said to arrive by poll.
    EXPECT_TRUE(wait_gateway_counts_on_webhooks(platform, c.store)) << gw_->log_text();
    return c;
  }
  // Whether, within 10 s, webhook.events for the store says its orders arrive by webhook.
  bool wait_gateway_counts_on_webhooks(const std::string& platform, const std::string& store) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto how = http_request(gw_->port(), "GET", "/v1/webhook.events?store_id=" + store,
                              {{"x-api-key", key_}});
      if (how.status == 200 &&
          how.json().at("data").at(platform).at("order.add").at("via") == "webhook") {
        return true;
      }
      std::this_thread::sleep_for(50ms);
    }
    return false;
  }

  // The autopilot's life cycle on one platform: the first poll run registers `topics`
  // subscriptions, all delivering to the store's ingest URL; a change arrives by webhook; the
  // platform silently drops the `order_topic` subscription and an order placed meanwhile sends
  // nothing, so the autopilot re-creates it and polls the gap at once; store.delete removes
  // every subscription from the platform.
  void registered_repaired_and_removed(const std::string& platform, std::size_t topics,
                                       const std::string& order_topic) {
    SubscriberProcess subscriber;
    const auto [sandbox_store, store, callback] =
        connect_with_webhooks(platform, topics, subscriber);
    ASSERT_FALSE(HasFailure());
    json::value subs;
    registered(sandbox_store, callback, &subs);
    auto how = http_request(gw_->port(), "GET", "/v1/webhook.events?store_id=" + store,
                            {{"x-api-key", key_}});
    ASSERT_EQ(how.status, 200) << how.body;
    EXPECT_EQ(how.json().at("data").at(platform).at("order.add").at("via"), "webhook");
    EXPECT_EQ(how.json().at("data").at(platform).at("store.webhooks_repaired").at("via"),
              "gateway");
    auto mismatch =
        http_request(gw_->port(), "GET", "/v1/webhook.events?platform=magento&store_id=" + store,
                     {{"x-api-key", key_}});
    EXPECT_EQ(mismatch.status, 400) << mismatch.body;

    auto [order, events] = create_and_wait(subscriber, sandbox_store, "orders");
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("source"), "webhook");
    EXPECT_EQ(events[0].at("type"), "order.add");

    std::string lost;
    for (const auto& s : subs.as_array()) {
      if (s.at("topic") == order_topic.c_str()) lost = id_text(s.at("id"));
    }
    ASSERT_FALSE(lost.empty()) << json::serialize(subs);
    ASSERT_EQ(sandbox_
                  ->control("POST", sandbox_store, "subscriptions/" + lost + "/lose",
                            json::object{{"mode", "delete"}})
                  .status,
              200);
    const auto [gap, gap_events] = create_and_wait(subscriber, sandbox_store, "orders");
    ASSERT_EQ(gap_events.size(), 1u) << gw_->log_text();
    EXPECT_EQ(gap_events[0].at("source"), "poll");
    EXPECT_EQ(registered(sandbox_store, callback), topics);
    // The tenant is told, once, in an envelope that matches the published schema. The notice
    // and the gap's polled event travel separate paths, so either may arrive first.
    const auto repair_notices = [](const json::array& log) {
      std::vector<json::object> out;
      for (const auto& e : log) {
        if (e.at("type") == "store.webhooks_repaired") out.push_back(e.as_object());
      }
      return out;
    };
    const auto log =
        wait_log(subscriber, [&](const json::array& l) { return !repair_notices(l).empty(); });
    const auto notices = repair_notices(log);
    ASSERT_EQ(notices.size(), 1u) << json::serialize(log);
    EXPECT_TRUE(notices[0].at("verified").as_bool());
    EXPECT_TRUE(notices[0].at("schema_valid").as_bool()) << notices[0].at("schema_errors");
    const auto& notice = notices[0].at("envelope").at("data");
    EXPECT_EQ(notice.at("store_id"), store.c_str());
    EXPECT_EQ(notice.at("created"), 1);

    auto deleted = post("store.delete", json::object{{"store_id", store}});
    ASSERT_EQ(deleted.status, 200) << deleted.body;
    EXPECT_EQ(registered(sandbox_store, callback), 0u);
  }

  // Which of `candidates` holds the store's poll lease, once one does (null after 20 s).
  GatewayProcess* wait_poll_lease(const std::string& store,
                                  const std::vector<GatewayProcess*>& candidates) const {
    RedisSync redis(test_redis_url());
    const std::string lease =
        gw_->env().at("CARTGATE_REDIS_NAMESPACE") + ":{s:" + store + "}:poll_lease";
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto holder = redis.command({"GET", lease});
      for (GatewayProcess* p : candidates) {
        // The holder token is "<host>:<pid>:<random>" (events::instance_name).
        if (!holder.empty() &&
            holder[0].find(":" + std::to_string(p->pid()) + ":") != std::string::npos) {
          return p;
        }
      }
      std::this_thread::sleep_for(20ms);
    }
    return nullptr;
  }

  // Creates an entity (`orders`, `customers`, ...) in a sandbox store and waits until the
  // subscriber has seen it; its platform id and the deliveries for it.
  std::pair<std::string, std::vector<json::object>> create_and_wait(
      const SubscriberProcess& subscriber, const std::string& sandbox_store,
      const std::string& what) {
    auto created = sandbox_->control("POST", sandbox_store, what, json::object{});
    const std::string id = id_text(created.json().at("platform_id"));
    auto log =
        wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, id).empty(); });
    return {id, of_entity(log, id)};
  }

  static std::vector<json::object> of_entity(const json::array& log, const std::string& id) {
    std::vector<json::object> out;
    for (const auto& e : log) {
      const auto& o = e.as_object();
      if (o.at("entity_id").is_string() && o.at("entity_id").as_string() == id) out.push_back(o);
    }
    return out;
  }

  static inline SandboxProcess* sandbox_ = nullptr;
  std::unique_ptr<GatewayProcess> gw_;
  std::string key_;
};

}  // namespace cartgate::test
