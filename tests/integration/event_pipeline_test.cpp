// The event pipeline end to end with real parts: the sandbox stores over real sockets, a real
// Redis, gateway processes, and a subscriber that verifies every delivery with the official
// `standardwebhooks` library.
#include <algorithm>
#include <map>
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

#include "event_pipeline_fixture.hpp"
#include "support/redis_sync.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::test {
namespace {

TEST_F(EventPipeline, PolledChangesReachTheSubscriberOnceEachAndVerify) {
  start_gateway();
  SubscriberProcess subscriber;
  subscribe(subscriber);
  const std::string store = add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  // Let the first poll record its starting point: seeded history is not news.
  std::this_thread::sleep_for(1500ms);

  auto created = sandbox_->control("POST", mage, "orders", json::object{});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string order = id_text(created.json().at("platform_id"));
  const std::string sandbox_order = id_text(created.json().at("id"));
  auto first =
      wait_log(subscriber, [&](const json::array& log) { return !of_entity(log, order).empty(); });
  auto events = of_entity(first, order);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("type"), "order.add");
  EXPECT_EQ(events[0].at("source"), "poll");
  EXPECT_EQ(events[0].at("store_id"), store.c_str());
  EXPECT_TRUE(events[0].at("verified").as_bool()) << events[0].at("error");

  // Seconds later (the version is the updated_at second), a change of the same order.
  std::this_thread::sleep_for(1100ms);
  ASSERT_EQ(
      sandbox_
          ->control("POST", mage, "orders/" + sandbox_order, json::object{{"status", "completed"}})
          .status,
      200);
  auto second = wait_log(subscriber,
                         [&](const json::array& log) { return of_entity(log, order).size() >= 2; });
  // Several more polls re-read the order inside their overlap window: no further events.
  std::this_thread::sleep_for(2000ms);
  events = of_entity(subscriber.log(), order);
  ASSERT_EQ(events.size(), 2u) << json::serialize(subscriber.log());
  EXPECT_EQ(events[1].at("type"), "order.update");
  EXPECT_NE(events[0].at("webhook_id"), events[1].at("webhook_id"));
  for (const auto& e : subscriber.log()) {
    EXPECT_TRUE(e.at("verified").as_bool()) << json::serialize(e);
    EXPECT_TRUE(e.at("schema_valid").as_bool()) << json::serialize(e);
  }

  // The pull feed holds the same events, and event.info shows the delivery.
  auto listed = http_request(gw_->port(), "GET", "/v1/event.list?type=order.add,order.update",
                             {{"x-api-key", key_}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::set<std::string> ids;
  const json::value feed = listed.json();
  for (const auto& e : feed.at("data").as_array()) {
    if (e.at("data").at("id") == order.c_str()) ids.insert(std::string(e.at("id").as_string()));
  }
  EXPECT_EQ(ids.size(), 2u);
  const std::string first_id(events[0].at("webhook_id").as_string());
  EXPECT_TRUE(ids.contains(first_id));
  auto info =
      http_request(gw_->port(), "GET", "/v1/event.info?id=" + first_id, {{"x-api-key", key_}});
  ASSERT_EQ(info.status, 200) << info.body;
  const json::array deliveries = info.json().at("data").at("deliveries").as_array();
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0].at("status"), "delivered");
  EXPECT_EQ(deliveries[0].at("attempts").as_array().size(), 1u);
  EXPECT_EQ(info.json().at("data").at("event").at("id"), first_id.c_str());
}

// WooCommerce cannot filter customers by time, and its manifest says so: the poller reads the
// list whole from its first run, rather than asking with a filter, failing, and learning.
TEST_F(EventPipeline, ListsWithoutATimeFilterArePolledWholeFromTheFirstRun) {
  start_gateway();
  SubscriberProcess subscriber;
  subscribe(subscriber);
  add("woocommerce");
  const std::string woo(sandbox_->store("woocommerce").at("id").as_string());
  std::this_thread::sleep_for(1500ms);  // the first runs record what was there before

  auto created = sandbox_->control("POST", woo, "customers", json::object{});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string customer = id_text(created.json().at("platform_id"));
  auto log =
      wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, customer).empty(); });
  auto events = of_entity(log, customer);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("type"), "customer.add");
  EXPECT_EQ(events[0].at("source"), "poll");
  EXPECT_EQ(gw_->log_text().find("poll read failed"), std::string::npos) << gw_->log_text();
}

TEST_F(EventPipeline, IngestVerifiesDedupesAndEnrichesShopifyWebhooks) {
  start_gateway({{"CARTGATE_HTTP_MAX_BODY_BYTES", "65536"}});
  SubscriberProcess subscriber;
  subscribe(subscriber, json::object{{"event_types", "order.add,order.update"}});
  const std::string store = add("shopify");
  const auto& manifest_store = sandbox_->store("shopify");
  const std::string shop(manifest_store.at("id").as_string());
  const std::string secret(manifest_store.at("credentials").at("api_secret").as_string());
  auto created = sandbox_->control("POST", shop, "orders", json::object{});
  ASSERT_EQ(created.status, 201);
  const std::string order = id_text(created.json().at("platform_id"));

  const std::string path = "/v1/ingest/shopify/" + store;
  const auto deliver = [&](const std::string& body, const std::string& signature,
                           const std::string& event_id, const std::string& domain = "") {
    return http_request(
        gw_->port(), "POST", path,
        {{"content-type", "application/json"},
         {"x-shopify-topic", "orders/updated"},
         {"x-shopify-hmac-sha256", signature},
         {"x-shopify-shop-domain", domain.empty() ? shop + ".myshopify.com" : domain},
         {"x-shopify-event-id", event_id},
         {"x-shopify-webhook-id", "wh-" + event_id}},
        body);
  };
  const auto sign = [&](const std::string& body) {
    return sdk::base64_encode(sdk::hmac_sha256(secret, body));
  };
  const std::string body = R"({"id":)" + order + R"(,"updated_at":"2026-11-24T10:00:00Z"})";

  // Not authentic, not usable, too large, not a store, not this shop: refused, nothing
  // enqueued. A wrong signature and an unknown address get the same answer (no store oracle).
  const auto bad_signature = deliver(body, sign(body + " "), "e1");
  EXPECT_EQ(bad_signature.status, 401);
  EXPECT_EQ(deliver(body, "", "e1").status, 401);
  EXPECT_EQ(deliver(body, sign(body), "e1", "another-shop.myshopify.com").status, 401);
  EXPECT_EQ(deliver("{not json", sign("{not json"), "e1").status, 400);
  const std::string huge(70000, ' ');
  EXPECT_EQ(deliver(huge, sign(huge), "e1").status, 413);
  EXPECT_EQ(deliver(body, sign(body), std::string(201, 'x')).status, 400);  // id too long
  const auto no_store = http_request(gw_->port(), "POST", "/v1/ingest/shopify/st_nope", {}, body);
  const auto wrong_platform =
      http_request(gw_->port(), "POST", "/v1/ingest/woocommerce/" + store, {}, body);
  for (const auto* r : {&no_store, &wrong_platform}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->json().at("code"), bad_signature.json().at("code"));
    EXPECT_EQ(r->json().at("detail"), bad_signature.json().at("detail"));
  }

  // Authentic: accepted once; the platform's retry of the same event is a duplicate.
  auto accepted = deliver(body, sign(body), "e1");
  EXPECT_EQ(accepted.status, 200) << accepted.body;
  EXPECT_EQ(accepted.json().at("status"), "accepted");
  auto again = deliver(body, sign(body), "e1");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("status"), "duplicate");

  // The thin payload is enriched from the store before dispatch: the buyer is known.
  auto log =
      wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, order).empty(); });
  std::this_thread::sleep_for(1500ms);  // polls run too: still one event for the change
  auto events = of_entity(subscriber.log(), order);
  ASSERT_EQ(events.size(), 1u) << json::serialize(subscriber.log());
  EXPECT_TRUE(events[0].at("verified").as_bool());
  const auto& identity = events[0].at("identity").as_object();
  EXPECT_TRUE(identity.at("email").is_string() || identity.at("guest").as_bool());
  EXPECT_EQ(events[0].at("envelope").at("data").at("id"), order.c_str());
}

TEST_F(EventPipeline, WooCommercePingIsAnsweredWithoutAnEvent) {
  // The owner key is removed behind the gateway's back below: read it on every delivery.
  start_gateway({{"CARTGATE_REDIS_STORE_CACHE_MS", "0"}});
  const std::string store = add("woocommerce");
  auto ping =
      http_request(gw_->port(), "POST", "/v1/ingest/woocommerce/" + store,
                   {{"content-type", "application/x-www-form-urlencoded"}}, "webhook_id=17");
  EXPECT_EQ(ping.status, 200) << ping.body;
  EXPECT_EQ(ping.json().at("status"), "ping");

  // A store recorded before ingest existed has no owner key; its next poll run writes it.
  RedisSync redis(test_redis_url());
  const std::string owner = gw_->env().at("CARTGATE_REDIS_NAMESPACE") + ":{s:" + store + "}:owner";
  redis.command({"DEL", owner});
  const auto ping_status = [&] {
    return http_request(gw_->port(), "POST", "/v1/ingest/woocommerce/" + store,
                        {{"content-type", "application/x-www-form-urlencoded"}}, "webhook_id=17")
        .status;
  };
  EXPECT_EQ(ping_status(), 401);  // like any address no store has
  // A poll run comes within seconds; under the sanitizers on a slow 2-core machine one took
  // longer than 10 s.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (ping_status() != 200 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(ping_status(), 200);
}

TEST_F(EventPipeline, StoresReadFromMemoryFollowThisProcessAtOnceAndOthersWithinTheCacheTime) {
  start_gateway({{"CARTGATE_REDIS_STORE_CACHE_MS", "1000"}});
  const auto ping_status = [&](const std::string& store) {
    return http_request(gw_->port(), "POST", "/v1/ingest/woocommerce/" + store,
                        {{"content-type", "application/x-www-form-urlencoded"}}, "webhook_id=17")
        .status;
  };
  // Deleted through this gateway: the very next delivery is refused.
  const std::string first = add("woocommerce");
  EXPECT_EQ(ping_status(first), 200);
  EXPECT_EQ(ping_status(first), 200);  // now served from memory
  EXPECT_EQ(post("store.delete", json::object{{"store_id", first}}).status, 200);
  EXPECT_EQ(ping_status(first), 401);

  // Deleted by another process (here: straight from Redis, record and owner key, so no poll
  // run brings it back): refused once the cache time is over, not before the next restart.
  const std::string second = add("woocommerce");
  EXPECT_EQ(ping_status(second), 200);
  RedisSync redis(test_redis_url());
  const std::string ns = gw_->env().at("CARTGATE_REDIS_NAMESPACE");
  const std::string owner = ns + ":{s:" + second + "}:owner";
  const auto tenant_reply = redis.command({"GET", owner});
  ASSERT_EQ(tenant_reply.size(), 1u);
  const std::string& tenant = tenant_reply.front();
  redis.command({"DEL", ns + ":{t:" + tenant + "}:store:" + second, owner});
  const auto removed_at = std::chrono::steady_clock::now();
  const auto deadline = removed_at + 10s;
  while (ping_status(second) != 401 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  const auto seen_after = std::chrono::steady_clock::now() - removed_at;
  EXPECT_EQ(ping_status(second), 401);
  // The cache time plus slack for a loaded (sanitizer) run; a record kept for good fails here.
  EXPECT_LT(seen_after, 3s) << "kept past redis.store_cache_ms";
}

TEST_F(EventPipeline, WooCommerceWebhooksAreRegisteredRepairedAndRemoved) {
  registered_repaired_and_removed("woocommerce", 6, "order.created");
}

TEST_F(EventPipeline, ShopifyWebhooksAreRegisteredRepairedAndRemoved) {
  registered_repaired_and_removed("shopify", 8, "orders/create");
}

TEST_F(EventPipeline, BigCommerceHooksCarryTheStoreTokenAndThinPayloadsAreEnriched) {
  SubscriberProcess subscriber;
  const auto [bc, store, callback] =
      connect_with_webhooks("bigcommerce", kBigCommerceTopics, subscriber);
  ASSERT_FALSE(HasFailure());

  // The hook sends ids only; the event carries the order and its buyer, fetched by the gateway.
  const auto [order, events] = create_and_wait(subscriber, bc, "orders");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].at("source"), "webhook");
  EXPECT_EQ(events[0].at("type"), "order.add");
  EXPECT_TRUE(events[0].at("identity").at("email").is_string() ||
              events[0].at("identity").at("guest").as_bool());
  EXPECT_EQ(events[0].at("envelope").at("data").at("id"), order.c_str());

  // Signed with the app's secret (as BigCommerce signs for every store of the app) but without
  // this store's token: refused.
  const std::string secret(
      sandbox_->store("bigcommerce").at("credentials").at("client_secret").as_string());
  const std::string body = R"({"scope":"store/order/created","data":{"type":"order","id":1}})";
  const std::string ts = std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count());
  const std::string signature =
      "v1," + sdk::base64_encode(sdk::hmac_sha256(secret, "msg_x." + ts + "." + body));
  auto forged = http_request(gw_->port(), "POST", "/v1/ingest/bigcommerce/" + store,
                             {{"content-type", "application/json"},
                              {"webhook-id", "msg_x"},
                              {"webhook-timestamp", ts},
                              {"webhook-signature", signature}},
                             body);
  EXPECT_EQ(forged.status, 401) << forged.body;
  EXPECT_NE(gw_->log_text().find("token"), std::string::npos);  // the reason is the operator's

  // The store stops answering: the next webhook check fails, and the tenant is told once.
  ASSERT_EQ(
      sandbox_
          ->control("POST", bc, "faults", json::object{{"api", json::object{{"error_share", 1.0}}}})
          .status,
      200);
  const auto failing = [](const json::array& log) {
    std::vector<json::object> out;
    for (const auto& e : log) {
      if (e.at("type") == "store.webhooks_failing") out.push_back(e.as_object());
    }
    return out;
  };
  auto log = wait_log(subscriber, [&](const json::array& l) { return !failing(l).empty(); });
  sandbox_->control("POST", bc, "faults", json::object{});
  ASSERT_EQ(failing(log).size(), 1u);
  EXPECT_TRUE(failing(log)[0].at("schema_valid").as_bool()) << failing(log)[0].at("schema_errors");
  EXPECT_EQ(failing(log)[0].at("envelope").at("data").at("store_id"), store.c_str());
  EXPECT_FALSE(failing(log)[0].at("envelope").at("data").at("error").as_string().empty());

  auto deleted = post("store.delete", json::object{{"store_id", store}});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(registered(bc, callback), 0u);
}

TEST_F(EventPipeline, TwoProcessesShareStoresAndAKilledOneHandsItsStoresOver) {
  // Short leases so a dead process's store is free again within seconds.
  const Env fast{{"CARTGATE_EVENTS_POLL_LEASE_MS", "2000"}};
  start_gateway(fast);
  GatewayProcess second(peer_env(fast));
  SubscriberProcess subscriber;
  subscribe(subscriber);
  const std::string store = add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  // Each store is polled by one process at a time: every change is one event, under one id,
  // however the two processes share the work.
  const auto one_event_each = [&](const std::string& what) {
    auto [id, seen] = create_and_wait(subscriber, mage, what);
    std::set<std::string> ids;
    for (const auto& e : seen)
      ids.insert(std::string(e.at("webhook_id").as_string()));
    EXPECT_EQ(ids.size(), 1u) << what << " " << id;
  };
  one_event_each("orders");
  one_event_each("customers");

  // Slow the store down so a poll run holds its lease for a while, then kill -9 whichever
  // process holds it: the other takes the store over once the lease expires.
  ASSERT_EQ(
      sandbox_
          ->control("POST", mage, "faults", json::object{{"api", json::object{{"slow_ms", 700}}}})
          .status,
      200);
  GatewayProcess* holding = wait_poll_lease(store, {gw_.get(), &second});
  ASSERT_NE(holding, nullptr) << "neither process ever held the store's lease";
  GatewayProcess& survivor = holding == gw_.get() ? second : *gw_;
  holding->kill_hard();
  sandbox_->control("POST", mage, "faults", json::object{});
  one_event_each("orders");
  EXPECT_TRUE(survivor.running());
}

TEST_F(EventPipeline, AGatewayStoppedGracefullyHandsItsPollsOverAtOnce) {
  // The default lease (a minute): a store whose poll a SIGTERM cut short must not wait it out.
  start_gateway();
  SubscriberProcess subscriber;
  subscribe(subscriber);
  const std::string store = add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  // Slow pages, so the gateway is in the middle of a poll run when it is told to stop.
  ASSERT_EQ(
      sandbox_
          ->control("POST", mage, "faults", json::object{{"api", json::object{{"slow_ms", 700}}}})
          .status,
      200);
  ASSERT_NE(wait_poll_lease(store, {gw_.get()}), nullptr)
      << "the gateway never took the store's poll lease";
  RedisSync redis(test_redis_url());
  const std::string ns = gw_->env().at("CARTGATE_REDIS_NAMESPACE");
  const std::string lease = ns + ":{s:" + store + "}:poll_lease";

  const Env env = peer_env();
  gw_.reset();  // SIGTERM; fails the test unless the process ends cleanly within 10 s
  // The lease is given back and the store is due now, for whichever process comes next.
  EXPECT_TRUE(redis.command({"GET", lease}).empty());
  const auto score = redis.command({"ZSCORE", ns + ":poll_schedule", "acme|" + store});
  ASSERT_EQ(score.size(), 1u);
  EXPECT_LE(std::stoll(score[0]), util::unix_ms_now());

  sandbox_->control("POST", mage, "faults", json::object{});
  gw_ = std::make_unique<GatewayProcess>(env);
  // Seen by the next process within a few poll intervals, not a lease later.
  auto created = sandbox_->control("POST", mage, "orders", json::object{});
  const std::string id = id_text(created.json().at("platform_id"));
  const auto log = wait_log(
      subscriber, [&](const json::array& l) { return !of_entity(l, id).empty(); }, 10s);
  EXPECT_EQ(of_entity(log, id).size(), 1u);
}

TEST_F(EventPipeline, ASubscriptionsConcurrencyLimitHoldsAcrossProcesses) {
  start_gateway();
  GatewayProcess second(peer_env());
  GatewayProcess third(peer_env());
  SubscriberProcess subscriber;
  subscribe(subscriber, json::object{{"max_concurrency", 2}});
  subscriber.configure(json::object{{"delay_ms", 400}});
  add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  std::vector<std::string> customers;
  for (int i = 0; i < 8; ++i) {
    auto created = sandbox_->control("POST", mage, "customers", json::object{});
    ASSERT_EQ(created.status, 201) << created.body;
    customers.push_back(id_text(created.json().at("platform_id")));
  }
  // Three processes take from the one queue; together they hold two deliveries at most.
  wait_log(
      subscriber,
      [&](const json::array& log) {
        return std::all_of(customers.begin(), customers.end(),
                           [&](const std::string& id) { return !of_entity(log, id).empty(); });
      },
      30s);
  EXPECT_EQ(subscriber.max_in_flight(), 2);
}

TEST_F(EventPipeline, FailingDeliveriesAreRetriedDeadLetteredPausedAndResumed) {
  start_gateway({{"CARTGATE_EVENTS_PAUSE_AFTER_FAILURES", "3"}});
  SubscriberProcess subscriber;
  const std::string sub = subscribe(subscriber);
  subscriber.configure(json::object{{"fail_status", 500}});
  add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  auto created = sandbox_->control("POST", mage, "customers", json::object{});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string customer = id_text(created.json().at("platform_id"));

  // Schedule 1s,1s: three attempts, all under the same webhook-id, then the dead letters.
  auto log = wait_log(subscriber,
                      [&](const json::array& l) { return of_entity(l, customer).size() >= 3; });
  std::this_thread::sleep_for(2500ms);
  auto attempts = of_entity(subscriber.log(), customer);
  ASSERT_EQ(attempts.size(), 3u);
  for (const auto& a : attempts) {
    EXPECT_EQ(a.at("webhook_id"), attempts[0].at("webhook_id"));
    EXPECT_TRUE(a.at("verified").as_bool());
  }
  const std::string id(attempts[0].at("webhook_id").as_string());
  auto info = http_request(gw_->port(), "GET", "/v1/event.info?id=" + id, {{"x-api-key", key_}});
  const json::value d = info.json().at("data").at("deliveries").at(0);
  EXPECT_EQ(d.at("status"), "dead_letter");
  EXPECT_EQ(d.at("attempts").as_array().size(), 3u);
  auto listed = http_request(gw_->port(), "GET", "/v1/webhook.list", {{"x-api-key", key_}});
  const json::value health = listed.json().at("data").at(0).at("health");
  EXPECT_EQ(health.at("dead_letters"), 1);
  EXPECT_GE(health.at("consecutive_failures").as_int64(), 3);
  // Three failures in a row paused the subscription: a new change is an event the paused
  // subscription suppresses (event.list still has it), and nothing is sent.
  EXPECT_EQ(listed.json().at("data").at(0).at("status"), "paused");
  auto during = sandbox_->control("POST", mage, "customers", json::object{});
  const std::string skipped = id_text(during.json().at("platform_id"));
  std::string skipped_event;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (skipped_event.empty() && std::chrono::steady_clock::now() < deadline) {
    auto feed =
        http_request(gw_->port(), "GET", "/v1/event.list?type=customer.add", {{"x-api-key", key_}});
    const json::value page = feed.json();
    for (const auto& e : page.at("data").as_array()) {
      if (e.at("data").at("id") == skipped.c_str()) skipped_event = e.at("id").as_string();
    }
    std::this_thread::sleep_for(200ms);
  }
  ASSERT_FALSE(skipped_event.empty());
  auto skipped_info =
      http_request(gw_->port(), "GET", "/v1/event.info?id=" + skipped_event, {{"x-api-key", key_}});
  const json::value suppressed = skipped_info.json().at("data").at("deliveries").at(0);
  EXPECT_EQ(suppressed.at("status"), "suppressed");
  EXPECT_EQ(suppressed.at("reason"), "subscription_paused");
  EXPECT_TRUE(of_entity(subscriber.log(), skipped).empty());

  // Resumed once the subscriber is healthy again: the next change arrives, verified.
  subscriber.configure(json::object{{"fail_status", 0}});
  auto resumed = post("webhook.resume", json::object{{"id", sub}});
  ASSERT_EQ(resumed.status, 200) << resumed.body;
  EXPECT_EQ(resumed.json().at("data").at("status"), "active");
  std::this_thread::sleep_for(1500ms);  // every process's subscription cache has refreshed
  auto next = sandbox_->control("POST", mage, "customers", json::object{});
  const std::string fresh = id_text(next.json().at("platform_id"));
  auto after =
      wait_log(subscriber, [&](const json::array& l) { return !of_entity(l, fresh).empty(); });
  auto delivered = of_entity(after, fresh);
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0].at("status"), 204);
  EXPECT_TRUE(delivered[0].at("verified").as_bool());
  EXPECT_EQ(post("webhook.resume", json::object{{"id", "wh_nope"}}).status, 404);

  // What failed for good and what the pause held back are replayed on request: the dead
  // letter under its own webhook-id, off the list once queued; the suppressed event by its id.
  auto revived =
      post("event.replay", json::object{{"subscription_id", sub}, {"dead_letters", true}});
  ASSERT_EQ(revived.status, 200) << revived.body;
  EXPECT_EQ(revived.json().at("data").at("replayed"), 1);
  EXPECT_EQ(revived.json().at("data").at("dead_letters_left"), 0);
  auto held = post("event.replay", json::object{{"subscription_id", sub}, {"id", skipped_event}});
  ASSERT_EQ(held.status, 200) << held.body;
  auto replayed = wait_log(subscriber, [&](const json::array& l) {
    return of_entity(l, customer).size() >= 4 && !of_entity(l, skipped).empty();
  });
  const auto again = of_entity(replayed, customer);
  EXPECT_EQ(again.back().at("webhook_id"), id.c_str());
  EXPECT_EQ(again.back().at("status"), 204);
  EXPECT_EQ(of_entity(replayed, skipped).at(0).at("webhook_id"), skipped_event.c_str());
  EXPECT_EQ(post("event.replay", json::object{{"subscription_id", sub}, {"dead_letters", true}})
                .json()
                .at("data")
                .at("replayed"),
            0);
  // event.info tells the story: delivered after the replay, earlier attempts kept.
  const auto deadline_info = std::chrono::steady_clock::now() + 10s;
  json::value state;
  do {
    std::this_thread::sleep_for(100ms);
    auto after_info =
        http_request(gw_->port(), "GET", "/v1/event.info?id=" + id, {{"x-api-key", key_}});
    state = after_info.json().at("data").at("deliveries").at(0);
  } while (state.at("status") != "delivered" && std::chrono::steady_clock::now() < deadline_info);
  EXPECT_EQ(state.at("status"), "delivered") << json::serialize(state);
  EXPECT_EQ(state.at("attempts").as_array().size(), 4u);
  EXPECT_TRUE(state.at("replayed_at").is_string());
}

TEST_F(EventPipeline, ReplayRedeliversAnEventOrATimeRangeAndRefusesBadRequests) {
  start_gateway();
  SubscriberProcess subscriber;
  const std::string sub = subscribe(subscriber);
  add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  const auto [first, first_events] = create_and_wait(subscriber, mage, "orders");
  const auto [second, second_events] = create_and_wait(subscriber, mage, "orders");
  ASSERT_EQ(first_events.size(), 1u);
  ASSERT_EQ(second_events.size(), 1u);
  const std::string first_id(first_events[0].at("webhook_id").as_string());

  // One event, again, under the same webhook-id.
  auto one = post("event.replay", json::object{{"subscription_id", sub}, {"id", first_id}});
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.json().at("data").at("replayed"), 1);
  wait_log(subscriber, [&](const json::array& l) { return of_entity(l, first).size() == 2; });
  EXPECT_EQ(of_entity(subscriber.log(), first).at(1).at("webhook_id"), first_id.c_str());

  // A time range, a page at a time: both orders, oldest first.
  const std::string from = format_rfc3339(util::timestamp_of_ms(util::unix_ms_now() - 60'000));
  auto page = post("event.replay",
                   json::object{{"subscription_id", sub}, {"created_from", from}, {"type", "x"}});
  EXPECT_EQ(page.status, 400) << page.body;  // not a parameter of event.replay
  page = post("event.replay",
              json::object{{"subscription_id", sub}, {"created_from", from}, {"limit", 1}});
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.json().at("data").at("replayed"), 1);
  EXPECT_EQ(page.json().at("data").at("has_more"), true);
  const std::string cursor(page.json().at("data").at("next_cursor").as_string());
  auto rest = post("event.replay", json::object{{"subscription_id", sub}, {"cursor", cursor}});
  ASSERT_EQ(rest.status, 200) << rest.body;
  EXPECT_EQ(rest.json().at("data").at("replayed"), 1);
  EXPECT_EQ(rest.json().at("data").at("has_more"), false);
  auto log = wait_log(subscriber, [&](const json::array& l) {
    return of_entity(l, first).size() == 3 && of_entity(l, second).size() == 2;
  });
  for (const auto& e : log) {
    EXPECT_TRUE(e.at("verified").as_bool()) << json::serialize(e);
  }

  // Bad requests change nothing.
  const std::size_t before = subscriber.log().size();
  for (const json::object& bad :
       {json::object{{"subscription_id", sub}},
        json::object{{"subscription_id", sub}, {"id", first_id}, {"dead_letters", true}},
        json::object{{"subscription_id", sub}, {"created_to", from}},
        json::object{{"subscription_id", sub}, {"created_from", "yesterday"}},
        json::object{{"subscription_id", sub}, {"cursor", "not-a-cursor"}},
        json::object{{"subscription_id", sub}, {"id", first_id}, {"limit", 0}}}) {
    auto r = post("event.replay", bad);
    EXPECT_EQ(r.status, 400) << json::serialize(bad) << " " << r.body;
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u);
  }
  EXPECT_EQ(
      post("event.replay", json::object{{"subscription_id", "wh_nope"}, {"id", first_id}}).status,
      404);
  EXPECT_EQ(post("event.replay", json::object{{"subscription_id", sub}, {"id", "evt_nope"}}).status,
            404);
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(subscriber.log().size(), before);
}

TEST_F(EventPipeline, SubscriberUrlsMustNotReachPrivateRanges) {
  start_gateway();  // the deployment allowlists 127.0.0.1 only
  for (const char* url :
       {"https://169.254.169.254/latest/meta-data", "https://127.0.0.2/x", "https://10.1.2.3/",
        "https://[::1]/", "https://[::ffff:127.0.0.2]/", "https://[64:ff9b::a9fe:a9fe]/",
        "https://2130706433/", "https://0x7f000001/", "https://127.1/", "https://0177.0.0.1/"}) {
    auto r = post("webhook.create", json::object{{"url", url}});
    EXPECT_EQ(r.status, 400) << url << " " << r.body;
    EXPECT_EQ(r.json().at("code"), "address_forbidden") << url << " " << r.body;
  }
  for (const char* url : {"https://user:pw@example.com/", "https://example.com/#x"}) {
    EXPECT_EQ(post("webhook.create", json::object{{"url", url}}).status, 400) << url;
  }
  EXPECT_EQ(post("webhook.create", json::object{{"url", "https://no-such-host.invalid/"}})
                .json()
                .at("code"),
            "host_unresolvable");
  EXPECT_TRUE(ok_list("webhook.list").empty());

  // An allowed subscriber gets its event...
  SubscriberProcess subscriber;
  const std::string sub = subscribe(subscriber);
  add("magento");
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  const auto [product, delivered] = create_and_wait(subscriber, mage, "products");
  ASSERT_EQ(delivered.size(), 1u);
  const std::string event(delivered[0].at("webhook_id").as_string());

  // ...and the same deployment without the allowlist refuses the same address at connect time:
  // a replayed delivery is never sent, and its error names no host or address.
  Env env = peer_env({{"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", ""}});
  gw_.reset();
  gw_ = std::make_unique<GatewayProcess>(env);
  const std::size_t before = subscriber.log().size();
  ASSERT_EQ(post("event.replay", json::object{{"subscription_id", sub}, {"id", event}}).status,
            200);
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  std::string error;
  while (std::chrono::steady_clock::now() < deadline && error.empty()) {
    const json::value last = ok_list("webhook.list").at(0).at("health").at("last_error");
    if (last.is_string()) error = std::string(last.as_string());
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_NE(error.find("not allowed"), std::string::npos) << error;
  EXPECT_EQ(error.find("127.0.0.1"), std::string::npos) << error;
  EXPECT_EQ(subscriber.log().size(), before);
}

TEST_F(EventPipeline, IngestFloodsAreRefusedBeforeAnySignatureIsChecked) {
  start_gateway({{"CARTGATE_INGEST_RATE_PER_STORE", "1"},
                 {"CARTGATE_INGEST_BURST_PER_STORE", "5"},
                 {"CARTGATE_INGEST_RATE_PER_IP", "1"},
                 {"CARTGATE_INGEST_BURST_PER_IP", "40"}});
  const std::string store = add("shopify");
  const std::string domain =
      std::string(sandbox_->store("shopify").at("id").as_string()) + ".myshopify.com";
  const auto count = [](const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
      ++n;
    return n;
  };
  // One store flooded with forged deliveries: after its burst every answer is 429, and only
  // the admitted ones ever reached the signature check (each of those is logged as rejected).
  std::map<int, int> statuses;
  for (int i = 0; i < 30; ++i) {
    auto r = http_request(gw_->port(), "POST", "/v1/ingest/shopify/" + store,
                          {{"content-type", "application/json"},
                           {"x-shopify-topic", "orders/updated"},
                           {"x-shopify-hmac-sha256", "forged"},
                           {"x-shopify-shop-domain", domain}},
                          R"({"id":1})");
    ++statuses[r.status];
    if (r.status == 429) {
      EXPECT_EQ(r.json().at("code"), "ingest_rate_limited");
      EXPECT_FALSE(r.header("retry-after").empty());
    }
  }
  // The burst of 5 (plus what one per second refills while the loop runs, under a sanitizer)
  // reached the signature check; everything after it was refused before.
  EXPECT_GE(statuses[401], 5);
  EXPECT_LE(statuses[401], 8);
  EXPECT_EQ(statuses[401] + statuses[429], 30);
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(count(gw_->log_text(), "webhook rejected"), static_cast<std::size_t>(statuses[401]));
  // One source probing many addresses: its own limit stops it (35 more reach the burst of 40).
  int limited = 0;
  for (int i = 0; i < 40; ++i) {
    auto r = http_request(gw_->port(), "POST", "/v1/ingest/shopify/st_probe" + std::to_string(i),
                          {{"content-type", "application/json"}}, "{}");
    limited += r.status == 429 ? 1 : 0;
  }
  EXPECT_GE(limited, 4);
}

}  // namespace
}  // namespace cartgate::test
