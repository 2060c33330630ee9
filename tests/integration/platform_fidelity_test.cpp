// Where the real platforms behave otherwise than their documentation suggests, as the sandbox
// reproduces it by default: each test here failed before the gateway handled the quirk.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/schema/time.hpp>

#include "event_pipeline_fixture.hpp"
#include "support/redis_server_process.hpp"
#include "support/redis_sync.hpp"

namespace cartgate::test {
namespace {

// Each test changes its stores' settings, faults and data on purpose: each gets a sandbox of
// its own (the same stores as the event pipeline's), so none sees another's quirks.
class PlatformFidelity : public EventPipeline {
 protected:
  static void SetUpTestSuite() {}
  static void TearDownTestSuite() {}
  void SetUp() override {
    sandbox_ = new SandboxProcess(
        "--stores shopify=1,woocommerce=1,magento=1,bigcommerce=1 --orders 5 --customers 3 "
        "--products 3 --carts 2");
  }
  void TearDown() override {
    gw_.reset();  // the gateway before the stores it talks to
    delete sandbox_;
    sandbox_ = nullptr;
  }
};

// Sleeps until just after the start of the next wall-clock second, so what follows runs
// within one second.
void align_to_second_start() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const auto into = now - std::chrono::floor<std::chrono::seconds>(now);
  std::this_thread::sleep_for(std::chrono::seconds(1) - into + 20ms);
}

// WooCommerce's delivery id is wp_hash(webhook id . current second): two orders created within
// one second are delivered under one id, and both are changes.
TEST_F(PlatformFidelity, WooCommerceDeliveriesSharingAnIdInOneSecondAreTwoChanges) {
  SubscriberProcess subscriber;
  const auto [sandbox_store, store, callback] = connect_with_webhooks("woocommerce", 6, subscriber);
  ASSERT_FALSE(HasFailure());
  align_to_second_start();
  std::vector<std::string> orders;
  for (int i = 0; i < 2; ++i) {
    auto created = sandbox_->control("POST", sandbox_store, "orders", json::object{});
    ASSERT_EQ(created.status, 201) << created.body;
    orders.push_back(id_text(created.json().at("platform_id")));
  }
  auto log = wait_log(subscriber, [&](const json::array& l) {
    return !of_entity(l, orders[0]).empty() && !of_entity(l, orders[1]).empty();
  });
  for (const auto& order : orders) {
    const auto events = of_entity(log, order);
    ASSERT_EQ(events.size(), 1u) << order << gw_->log_text();
    EXPECT_EQ(events[0].at("source"), "webhook");
  }
  // The quirk was really there: both order.created deliveries carried one id.
  std::map<std::string, int> ids;
  const json::value deliveries =
      sandbox_->control("GET", sandbox_store, "deliveries", nullptr).json();
  for (const auto& d : deliveries.as_array()) {
    if (d.at("topic") == "order.created" && d.at("success").as_bool()) {
      ++ids[std::string(d.at("delivery_id").as_string())];
    }
  }
  ASSERT_EQ(ids.size(), 1u) << "the two deliveries fell into different seconds";
  EXPECT_EQ(ids.begin()->second, 2);
}

// WooCommerce never delivers a webhook again: the changes behind the deliveries the gateway
// refused (here: over its per-store ingest limit) come in by a catch-up poll within seconds,
// not at the safety-net poll ten minutes later.
TEST_F(PlatformFidelity, WooCommerceChangesBehindRefusedDeliveriesArePolledAtOnce) {
  SubscriberProcess subscriber;
  const auto [sandbox_store, store, callback] = connect_with_webhooks(
      "woocommerce", 6, subscriber,
      {{"CARTGATE_INGEST_RATE_PER_STORE", "1"}, {"CARTGATE_INGEST_BURST_PER_STORE", "1"}});
  ASSERT_FALSE(HasFailure());
  std::this_thread::sleep_for(3s);  // the registration pings' limits and catch-ups are past
  std::vector<std::string> orders;
  for (int i = 0; i < 3; ++i) {
    auto created = sandbox_->control("POST", sandbox_store, "orders", json::object{});
    ASSERT_EQ(created.status, 201) << created.body;
    orders.push_back(id_text(created.json().at("platform_id")));
  }
  const auto log = wait_log(
      subscriber,
      [&](const json::array& l) {
        return std::all_of(orders.begin(), orders.end(),
                           [&](const std::string& o) { return !of_entity(l, o).empty(); });
      },
      10s);
  int polled = 0;
  for (const auto& order : orders) {
    const auto events = of_entity(log, order);
    ASSERT_EQ(events.size(), 1u) << order << gw_->log_text();
    if (events[0].at("source") == "poll") ++polled;
  }
  // The refusals really happened, and WooCommerce did not try again.
  int refused = 0;
  const json::value deliveries =
      sandbox_->control("GET", sandbox_store, "deliveries", nullptr).json();
  for (const auto& d : deliveries.as_array()) {
    if (d.at("topic") == "order.created") {
      EXPECT_EQ(d.at("attempt"), 1) << json::serialize(d);
      if (d.at("status") == 429) ++refused;
    }
  }
  EXPECT_GE(refused, 1);
  EXPECT_GE(polled, refused);  // a refused change has no other way in
}

// A Shopify order with more lines than the first page of lineItems: the webhook's read-back and
// the poll both read all of them, so the one version is one event with every line.
TEST_F(PlatformFidelity, AShopifyOrderWithFortyLinesIsOneEventFromWebhookAndPoll) {
  SubscriberProcess subscriber;
  // The safety-net poll every second: both paths see the order.
  const auto [sandbox_store, store, callback] = connect_with_webhooks(
      "shopify", 8, subscriber, {{"CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "1000"}});
  ASSERT_FALSE(HasFailure());
  auto created = sandbox_->control("POST", sandbox_store, "orders", json::object{{"lines", 40}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order = id_text(created.json().at("platform_id"));
  wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, order).empty(); });
  std::this_thread::sleep_for(4s);  // several poll runs and the webhook's read-back
  const auto events = of_entity(subscriber.log(), order);
  ASSERT_EQ(events.size(), 1u) << json::serialize(json::value_from(events)) << gw_->log_text();
  EXPECT_EQ(events[0].at("type"), "order.add");
  EXPECT_EQ(events[0].at("envelope").at("data").at("line_items").as_array().size(), 40u);
}

// A poll lease taken just before Redis died comes back with it (AOF). Its holder, still alive,
// finishes the run's bookkeeping once Redis is back (or, had it lost track, takes the lease up
// again) instead of leaving the store unpolled until the lease expires (60 s).
TEST_F(PlatformFidelity, ARedisRestartCostsAPollIntervalNotALeaseLifetime) {
  RedisServerProcess redis;
  SubscriberProcess subscriber;
  start_gateway({{"CARTGATE_REDIS_URL", redis.url()}});
  subscribe(subscriber);
  const std::string sandbox_store(sandbox_->store("magento").at("id").as_string());
  const std::string store = add("magento");
  // Slow answers keep a poll run, and with it the lease, alive for seconds.
  ASSERT_EQ(sandbox_
                ->control("POST", sandbox_store, "faults",
                          json::object{{"api", json::object{{"slow_ms", 1500}}}})
                .status,
            200);
  const std::string lease =
      gw_->env().at("CARTGATE_REDIS_NAMESPACE") + ":{s:" + store + "}:poll_lease";
  const auto lease_held = [&] {
    return RedisSync(redis.url()).command({"EXISTS", lease}).front() == "1";
  };
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!lease_held() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(lease_held()) << gw_->log_text();
  redis.kill_hard();
  std::this_thread::sleep_for(1s);
  redis.restart();
  EXPECT_TRUE(lease_held()) << "the lease came back with Redis";
  ASSERT_EQ(sandbox_->control("POST", sandbox_store, "faults", json::object{}).status, 200);

  const auto restarted = std::chrono::steady_clock::now();
  auto created = sandbox_->control("POST", sandbox_store, "orders", json::object{});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order = id_text(created.json().at("platform_id"));
  wait_log(
      subscriber, [&](const json::array& l) { return !of_entity(l, order).empty(); }, 20s);
  EXPECT_LT(std::chrono::steady_clock::now() - restarted, 20s) << gw_->log_text();
}

// Every normalized status the merchant can set in the sandbox reads back as that status on
// every platform, on a new order and after moving from every other status the platform allows
// (the sandbox keeps each platform's own model: fulfillments, payments, refunds, states).
TEST_F(PlatformFidelity, EveryOrderStatusSetOnAStoreReadsBackAsThatStatus) {
  start_gateway({{"CARTGATE_RATELIMIT_DEFAULT_BURST", "1000"}});
  const std::vector<std::string> statuses{"pending",   "processing", "on_hold", "completed",
                                          "cancelled", "refunded",   "failed"};
  std::map<std::string, int> checked;
  // 49 reads of a BigCommerce order are 147 requests: more than its 150-per-30-s quota leaves
  // once the poller has had its share. This test is about statuses, not quotas.
  const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
  ASSERT_EQ(
      sandbox_
          ->control("POST", bc, "faults",
                    json::object{{"api", json::object{{"quota", 100000}, {"window_ms", 30000}}}})
          .status,
      200);
  for (const std::string platform : {"shopify", "woocommerce", "magento", "bigcommerce"}) {
    const std::string sandbox_store(sandbox_->store(platform).at("id").as_string());
    const std::string store = add(platform);
    for (const auto& from : statuses) {
      for (const auto& to : statuses) {
        auto created =
            sandbox_->control("POST", sandbox_store, "orders", json::object{{"status", from}});
        if (created.status == 409) continue;  // no such status on the platform (Magento failed)
        ASSERT_EQ(created.status, 201) << created.body;
        const std::string control_id = id_text(created.json().at("id"));
        const std::string order = id_text(created.json().at("platform_id"));
        if (from != to) {
          auto changed = sandbox_->control("POST", sandbox_store, "orders/" + control_id,
                                           json::object{{"status", to}});
          if (changed.status == 409) continue;  // the platform has no such transition
          ASSERT_EQ(changed.status, 200) << changed.body;
        }
        auto read =
            http_request(gw_->port(), "GET", "/v1/order.info?store_id=" + store + "&id=" + order,
                         {{"x-api-key", key_}});
        ASSERT_EQ(read.status, 200) << read.body;
        const json::value body = read.json();
        const auto& o = body.at("data");
        EXPECT_EQ(o.at("status"), to.c_str())
            << platform << " " << from << " → " << to << ": native " << o.at("native_status");
        ++checked[platform];
      }
    }
  }
  // Free status models check all 49 pairs; Shopify's and Magento's refuse what they lack.
  EXPECT_EQ(checked["woocommerce"], 49);
  EXPECT_EQ(checked["bigcommerce"], 49);
  EXPECT_GE(checked["shopify"], 25) << checked["shopify"];
  EXPECT_GE(checked["magento"], 15) << checked["magento"];
}

// An app without protected customer data approval: Shopify answers orders with the customer,
// addresses and email withheld (null + ACCESS_DENIED). Reads and events carry what arrived and
// say what was withheld; nothing fails.
TEST_F(PlatformFidelity, ShopifyWithheldCustomerDataIsAWarningNotAFailure) {
  SubscriberProcess subscriber;
  const auto [sandbox_store, store, callback] = connect_with_webhooks("shopify", 8, subscriber);
  ASSERT_FALSE(HasFailure());
  ASSERT_EQ(sandbox_
                ->control("POST", sandbox_store, "settings",
                          json::object{{"protected_customer_data", "none"}})
                .status,
            200);
  // An order of a registered customer, announced by webhook and read back.
  auto created =
      sandbox_->control("POST", sandbox_store, "orders", json::object{{"customer_id", 1}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order = id_text(created.json().at("platform_id"));
  const auto log =
      wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, order).empty(); });
  const auto events = of_entity(log, order);
  ASSERT_EQ(events.size(), 1u) << gw_->log_text();
  const auto& envelope = events[0].at("envelope").as_object();
  EXPECT_TRUE(events[0].at("schema_valid").as_bool()) << events[0].at("schema_errors");
  ASSERT_TRUE(envelope.contains("warnings")) << json::serialize(envelope);
  std::set<std::string> fields;
  for (const auto& w : envelope.at("warnings").as_array()) {
    EXPECT_EQ(w.at("code"), "field_withheld");
    fields.insert(std::string(w.at("field").as_string()));
  }
  EXPECT_TRUE(fields.contains("customer") && fields.contains("email") &&
              fields.contains("billingAddress"))
      << json::serialize(envelope.at("warnings"));
  EXPECT_FALSE(envelope.at("identity").at("guest").as_bool());
  EXPECT_FALSE(envelope.at("identity").as_object().contains("email") &&
               envelope.at("identity").at("email").is_string());

  // The read API: 200, the order mapped, the withheld fields named for this record.
  auto read = http_request(gw_->port(), "GET", "/v1/order.info?store_id=" + store + "&id=" + order,
                           {{"x-api-key", key_}});
  ASSERT_EQ(read.status, 200) << read.body;
  const json::value body = read.json();
  ASSERT_TRUE(body.as_object().contains("warnings")) << read.body;
  EXPECT_EQ(body.at("warnings").at(0).at("record_id"), order.c_str());
  EXPECT_EQ(body.at("warnings").at(0).at("store_id"), store.c_str());
  auto listed = http_request(gw_->port(), "GET", "/v1/order.list?store_id=" + store + "&limit=50",
                             {{"x-api-key", key_}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  const json::value page = listed.json();
  EXPECT_FALSE(page.at("data").as_array().empty());
  EXPECT_TRUE(page.as_object().contains("warnings")) << listed.body;
  sandbox_->control("POST", sandbox_store, "settings",
                    json::object{{"protected_customer_data", "full"}});
}

// Without read_all_orders Shopify hides orders older than 60 days: a scan that reaches back that
// far says so; one that stays within the window does not.
TEST_F(PlatformFidelity, AShopifyAppWithoutReadAllOrdersIsToldWhatItCannotSee) {
  start_gateway();
  const std::string sandbox_store(sandbox_->store("shopify").at("id").as_string());
  const std::string store = add("shopify");
  const auto list = [&](const std::string& query) {
    auto r =
        http_request(gw_->port(), "GET", "/v1/order.list?store_id=" + store + "&limit=250" + query,
                     {{"x-api-key", key_}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  };
  const json::value everything = list("");
  EXPECT_FALSE(everything.as_object().contains("warnings")) << "the app holds read_all_orders";
  ASSERT_EQ(sandbox_
                ->control("POST", sandbox_store, "settings",
                          json::object{{"access_scopes", "read_orders,read_customers"}})
                .status,
            200);
  const json::value recent = list("");
  ASSERT_TRUE(recent.as_object().contains("warnings")) << json::serialize(recent);
  EXPECT_EQ(recent.at("warnings").at(0).at("code"), "orders_window_limited");
  EXPECT_EQ(recent.at("warnings").at(0).at("store_id"), store.c_str());
  EXPECT_LT(recent.at("data").as_array().size(), everything.at("data").as_array().size());
  const auto month_ago = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now() -
                                                                  std::chrono::days(30));
  const json::value within = list("&created_from=" + format_rfc3339(month_ago));
  EXPECT_FALSE(within.as_object().contains("warnings")) << json::serialize(within);
  sandbox_->control(
      "POST", sandbox_store, "settings",
      json::object{{"access_scopes", "read_orders,read_all_orders,read_customers,read_products"}});
}

// Polling alone (no webhooks reach the gateway) brings every change of every platform: orders
// created and changed, customers and products changed.
TEST_F(PlatformFidelity, PollingAloneDeliversEveryChangeOnEveryPlatform) {
  start_gateway();
  SubscriberProcess subscriber;
  subscribe(subscriber);
  struct Expected {
    std::string platform, entity_id, type;
  };
  std::map<std::string, std::string> sandbox_ids;
  for (const std::string platform : {"shopify", "woocommerce", "magento", "bigcommerce"}) {
    sandbox_ids[platform] = std::string(sandbox_->store(platform).at("id").as_string());
    add(platform);
  }
  std::this_thread::sleep_for(1500ms);  // the first polls record where they start
  std::vector<Expected> expected;
  for (const auto& [platform, sandbox_store] : sandbox_ids) {
    auto order = sandbox_->control("POST", sandbox_store, "orders", json::object{});
    ASSERT_EQ(order.status, 201) << order.body;
    expected.push_back({platform, id_text(order.json().at("platform_id")), "order.add"});
    auto customer = sandbox_->control("POST", sandbox_store, "customers/1",
                                      json::object{{"first_name", "Polled"}});
    ASSERT_EQ(customer.status, 200) << customer.body;
    expected.push_back({platform, id_text(customer.json().at("platform_id")), "customer.update"});
    auto product = sandbox_->control("POST", sandbox_store, "products/1", json::object{});
    ASSERT_EQ(product.status, 200) << product.body;
    expected.push_back({platform, id_text(product.json().at("platform_id")), "product.update"});
  }
  const auto seen = [&](const json::array& log, const Expected& e) {
    for (const auto& d : log) {
      if (d.at("envelope").at("platform") == e.platform.c_str() && d.at("type") == e.type.c_str() &&
          d.at("entity_id") == e.entity_id.c_str()) {
        return true;
      }
    }
    return false;
  };
  const auto log = wait_log(
      subscriber,
      [&](const json::array& l) {
        return std::all_of(expected.begin(), expected.end(),
                           [&](const Expected& e) { return seen(l, e); });
      },
      20s);
  for (const auto& e : expected) {
    EXPECT_TRUE(seen(log, e)) << e.platform << " " << e.type << " " << e.entity_id;
  }
}

// BigCommerce's quota is small, and every thin webhook costs read-backs (order, products,
// addresses). With half the webhooks lost and the read-backs of the rest competing for the same
// quota, the safety-net poll still brings every change, within the bound docs/events.md gives.
TEST_F(PlatformFidelity, BigCommercePollingRecoversLostWebhooksWhileReadBacksUseTheQuota) {
  SubscriberProcess subscriber;
  const std::string base =
      start_public_gateway({{"CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "2000"},
                            {"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "4000"}});
  subscribe(subscriber);
  const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
  // A small quota, 30 requests per 3 s, that the gateway's budget for the store stays within
  // (burst 10 + 5/s × 3 s = 25): the read-backs of 4 orders/s (3 requests each, half of the
  // webhooks lost) want 6/s on their own.
  json::object body = sandbox_->store_add_body(sandbox_->store("bigcommerce"));
  body["settings"].as_object()["rate_limit_per_second"] = "5";
  body["settings"].as_object()["rate_limit_burst"] = "10";
  auto added = post("store.add", body);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string store(added.json().at("data").at("id").as_string());
  ASSERT_EQ(wait_registered(bc, base + "/v1/ingest/bigcommerce/" + store, kBigCommerceTopics),
            kBigCommerceTopics);
  ASSERT_EQ(sandbox_
                ->control("POST", bc, "faults",
                          json::object{{"seed", 7},
                                       {"webhooks", json::object{{"drop", 0.5}}},
                                       {"api", json::object{{"quota", 30}, {"window_ms", 3000}}}})
                .status,
            200);
  std::vector<std::string> orders;
  for (int i = 0; i < 24; ++i) {
    auto created = sandbox_->control("POST", bc, "orders", json::object{});
    ASSERT_EQ(created.status, 201) << created.body;
    orders.push_back(id_text(created.json().at("platform_id")));
    std::this_thread::sleep_for(250ms);
  }
  const auto log = wait_log(
      subscriber,
      [&](const json::array& l) {
        return std::all_of(orders.begin(), orders.end(),
                           [&](const std::string& o) { return !of_entity(l, o).empty(); });
      },
      45s);
  int polled = 0;
  for (const auto& order : orders) {
    const auto events = of_entity(log, order);
    EXPECT_FALSE(events.empty()) << "order " << order << " never arrived";
    if (!events.empty() && events[0].at("source") == "poll") ++polled;
  }
  EXPECT_GT(polled, 0) << "the dropped webhooks' orders came by poll";
  const json::value stats = sandbox_->control("GET", bc, "stats", nullptr).json();
  // The platform's fixed window and the gateway's bucket are not in step, so a burst can meet a
  // 429; each is waited out and retried (nothing above was lost), and they stay rare.
  EXPECT_LT(stats.at("throttled").as_int64() * 5, stats.at("requests").as_int64()) << stats;
}

// BigCommerce delivers only to HTTPS on port 443 (the sandbox enforces it for this store, as
// BigCommerce does). A gateway whose public URL is plain HTTP says why its hooks cannot be
// registered, does not ask again while its URL stays the same, and polls the store instead.
TEST_F(PlatformFidelity, BigCommerceHooksNeedHttpsOn443AndTheGatewaySaysSo) {
  SubscriberProcess subscriber;
  const std::string base = start_public_gateway({{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"}});
  subscribe(subscriber);
  const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
  ASSERT_EQ(sandbox_->control("POST", bc, "settings", json::object{{"strict_destinations", "true"}})
                .status,
            200);
  const std::string store = add("bigcommerce");
  RedisSync redis(test_redis_url());
  const std::string checkpoints =
      gw_->env().at("CARTGATE_REDIS_NAMESPACE") + ":{s:" + store + "}:poll";
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  std::vector<std::string> status;
  while (std::chrono::steady_clock::now() < deadline) {
    status = redis.command({"HMGET", checkpoints, "webhooks:status", "webhooks:detail"});
    if (!status.empty() && status[0] == "unsupported") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(status.size(), 2u);
  EXPECT_EQ(status[0], "unsupported");
  EXPECT_NE(status[1].find("HTTPS on port 443"), std::string::npos) << status[1];
  EXPECT_EQ(registered(bc, base + "/v1/ingest/bigcommerce/" + store), 0u);
  auto how = http_request(gw_->port(), "GET", "/v1/webhook.events?store_id=" + store,
                          {{"x-api-key", key_}});
  ASSERT_EQ(how.status, 200) << how.body;
  EXPECT_EQ(how.json().at("data").at("bigcommerce").at("order.add").at("via"), "poll");
  // Its changes still arrive, by poll.
  std::this_thread::sleep_for(1500ms);
  const auto [order, events] = create_and_wait(subscriber, bc, "orders");
  ASSERT_EQ(events.size(), 1u) << gw_->log_text();
  EXPECT_EQ(events[0].at("source"), "poll");
  // Several check intervals (1.5 s) later: reported once, not asked again.
  const std::string log = gw_->log_text();
  const auto reported = log.find("platform webhooks not registered");
  ASSERT_NE(reported, std::string::npos);
  EXPECT_EQ(log.find("platform webhooks not registered", reported + 1), std::string::npos);
  sandbox_->control("POST", bc, "settings", json::object{{"strict_destinations", "false"}});
}

// BigCommerce answers an order's products 250 to a page: an order with 300 lines is read whole,
// by id and in a list.
TEST_F(PlatformFidelity, ABigCommerceOrderWithMoreThan250ProductsIsReadWhole) {
  start_gateway();
  const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
  const std::string store = add("bigcommerce");
  auto created = sandbox_->control("POST", bc, "orders", json::object{{"lines", 300}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order = id_text(created.json().at("platform_id"));
  auto info = http_request(gw_->port(), "GET", "/v1/order.info?store_id=" + store + "&id=" + order,
                           {{"x-api-key", key_}});
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json().at("data").at("line_items").as_array().size(), 300u);
  std::this_thread::sleep_for(1100ms);  // lists are pinned to what was created a second ago
  auto listed = http_request(gw_->port(), "GET", "/v1/order.list?store_id=" + store + "&limit=250",
                             {{"x-api-key", key_}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  bool found = false;
  const json::value page = listed.json();
  for (const auto& o : page.at("data").as_array()) {
    if (o.at("id") != order.c_str()) continue;
    found = true;
    EXPECT_EQ(o.at("line_items").as_array().size(), 300u);
  }
  EXPECT_TRUE(found) << listed.body;
}

// BigCommerce under platform load answers 429 without any rate-limit header. The gateway backs
// off with growing waits (1 s, 2 s, 4 s) instead of knocking every second, and gets through once
// the load is gone.
TEST_F(PlatformFidelity, ABigCommerce429WithoutHeadersIsBackedOffFrom) {
  start_gateway();
  const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
  const std::string store = add("bigcommerce");
  ASSERT_EQ(
      sandbox_
          ->control("POST", bc, "faults", json::object{{"api", json::object{{"storm_ms", 3500}}}})
          .status,
      200);
  const auto before = sandbox_->control("GET", bc, "stats", nullptr).json();
  auto read = http_request(gw_->port(), "GET", "/v1/order.info?store_id=" + store + "&id=1",
                           {{"x-api-key", key_}});
  EXPECT_EQ(read.status, 200) << read.body;
  const auto after = sandbox_->control("GET", bc, "stats", nullptr).json();
  // Three requests per attempt (order, products, addresses), three refused attempts, and the
  // poller's own tries, which meet the same backing-off bucket.
  EXPECT_LE(after.at("throttled").as_int64() - before.at("throttled").as_int64(), 12) << after;
  sandbox_->control("POST", bc, "faults", json::object{});
}

// A Shopify API version past support falls forward to the oldest supported one: the store's
// answers say so (and the gateway's log, once), rather than failing or passing unnoticed.
TEST_F(PlatformFidelity, AnExpiredShopifyApiVersionIsServedForwardAndReported) {
  start_gateway();
  json::object body = sandbox_->store_add_body(sandbox_->store("shopify"));
  body["settings"] = json::object{{"api_version", "2024-04"}};
  auto added = post("store.add", body);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string store(added.json().at("data").at("id").as_string());
  for (const char* method : {"order.list", "order.count"}) {
    auto r = http_request(gw_->port(), "GET", std::string("/v1/") + method + "?store_id=" + store,
                          {{"x-api-key", key_}});
    ASSERT_EQ(r.status, 200) << r.body;
    const json::value answer = r.json();
    ASSERT_TRUE(answer.as_object().contains("warnings")) << method << " " << r.body;
    EXPECT_EQ(answer.at("warnings").at(0).at("code"), "api_version_fell_forward");
    EXPECT_EQ(answer.at("warnings").at(0).at("platform_code"), "2025-01");
  }
  const std::string log = gw_->log_text();
  const auto first = log.find("api_version_fell_forward");
  EXPECT_NE(first, std::string::npos);
  EXPECT_EQ(log.find("api_version_fell_forward", first + 1), std::string::npos) << "logged once";
  // A version that never was is no fall-forward: Shopify answers 404.
  body["settings"] = json::object{{"api_version", "2024-05"}};
  auto refused = post("store.add", body);
  EXPECT_EQ(refused.status, 502) << refused.body;  // the probe met Shopify's 404
  EXPECT_NE(refused.body.find("no such"), std::string::npos) << refused.body;
}

// WooCommerce behind real hosting: one host passes the Authorization header, one drops it (keys
// in the query string instead), one terminates TLS in a proxy (WooCommerce then sees plain HTTP,
// takes no keys in clear, and checks OAuth signatures against its home URL with http). store.add
// finds out which, keeps it in the store's settings, and every read works.
TEST_F(PlatformFidelity, WooCommerceAuthenticationFollowsTheSitesHosting) {
  SandboxProcess sandbox("--stores woocommerce=3 --orders 3 --customers 2 --products 2");
  gw_ = std::make_unique<GatewayProcess>(sandbox.gateway_env());
  key_ = gw_->create_key("acme");
  ASSERT_EQ(
      sandbox.control("POST", "woo-3", "settings", json::object{{"tls_offloaded", "true"}}).status,
      200);
  const std::string https3(sandbox.store("woocommerce", 2).at("https_url").as_string());
  const std::string home3_as_seen = "http://" + https3.substr(std::string("https://").size());
  const std::vector<std::pair<std::string, std::string>> expected{
      {"basic", ""}, {"query_string", ""}, {"oauth", home3_as_seen}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE("woo-" + std::to_string(i + 1));
    auto added = post("store.add", sandbox.store_add_body(sandbox.store("woocommerce", i)));
    ASSERT_EQ(added.status, 201) << added.body;
    const json::value data = added.json().at("data");
    const auto& settings = data.at("settings").as_object();
    EXPECT_EQ(settings.at("auth"), expected[i].first.c_str());
    if (!expected[i].second.empty()) {
      EXPECT_EQ(settings.at("signing_url"), expected[i].second.c_str());
    }
    const std::string store(data.at("id").as_string());
    auto listed =
        http_request(gw_->port(), "GET", "/v1/order.list?store_id=" + store, {{"x-api-key", key_}});
    EXPECT_EQ(listed.status, 200) << listed.body;
    EXPECT_EQ(listed.json().at("data").as_array().size(), 3u);
  }
}

}  // namespace
}  // namespace cartgate::test
