// The event pipeline under the faults real platforms and real deployments have: webhooks
// dropped, duplicated and reordered on every platform at once, and a gateway process killed
// (-9) while it ingests and delivers. Every change must still reach the subscriber as exactly
// one event, redelivered (if at all) only under its own webhook-id.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <tuple>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "event_pipeline_fixture.hpp"
#include "support/redis_sync.hpp"

namespace cartgate::test {
namespace {

class EventFaults : public EventPipeline {
 protected:
  // A public gateway whose safety-net poll runs every `safety_ms`: it is what fills the gaps
  // the platforms leave.
  std::string start_gateway_at(const std::string& port, int safety_ms, Env extra = {}) {
    const std::string base = "http://127.0.0.1:" + port;
    extra["CARTGATE_HTTP_PORT"] = port;
    extra["CARTGATE_EVENTS_PUBLIC_URL"] = base;
    extra["CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS"] = std::to_string(safety_ms);
    start_gateway(extra);
    return base;
  }

  struct Store {
    std::string platform, sandbox_id, store;
  };
  // Adds the platform's store and waits until its `topics` webhooks are registered.
  Store connect(const std::string& base, const std::string& platform, std::size_t topics) {
    Store s{platform, std::string(sandbox_->store(platform).at("id").as_string()), add(platform)};
    if (topics > 0) {
      const std::string callback = base + "/v1/ingest/" + platform + "/" + s.store;
      EXPECT_EQ(wait_registered(s.sandbox_id, callback, topics), topics) << platform;
    }
    return s;
  }

  // One expected event: (store, entity id, event type).
  using Key = std::tuple<std::string, std::string, std::string>;
  struct Change {
    Key key;
    std::string sandbox_path;  // orders/<id>, customers/<id>: where the sandbox changes it
  };
  Change create(const Store& s, const std::string& what, const std::string& type) {
    auto r = sandbox_->control("POST", s.sandbox_id, what, json::object{});
    EXPECT_EQ(r.status, 201) << r.body;
    const json::value created = r.json();
    return {{s.store, id_text(created.at("platform_id")), type},
            what + "/" + id_text(created.at("id"))};
  }

  // Every delivery of the subscriber's log, by (store, entity, type): the webhook-ids seen.
  static std::map<Key, std::vector<std::string>> by_change(const json::array& log) {
    std::map<Key, std::vector<std::string>> out;
    for (const auto& e : log) {
      const auto& o = e.as_object();
      if (!o.at("entity_id").is_string()) continue;
      out[{std::string(o.at("store_id").as_string()), std::string(o.at("entity_id").as_string()),
           std::string(o.at("type").as_string())}]
          .emplace_back(o.at("webhook_id").as_string());
    }
    return out;
  }
  static bool all_seen(const json::array& log, const std::vector<Change>& changes) {
    const auto seen = by_change(log);
    for (const auto& c : changes) {
      if (!seen.contains(c.key)) return false;
    }
    return true;
  }
};

TEST_F(EventFaults, DroppedDuplicatedAndReorderedWebhooksStillGiveOneEventPerChange) {
  constexpr int kSafetyMs = 3000;
  const std::string base = start_gateway_at(std::to_string(free_port()), kSafetyMs);
  SubscriberProcess subscriber;
  subscribe(subscriber);
  std::vector<Store> stores{connect(base, "shopify", 8), connect(base, "woocommerce", 6),
                            connect(base, "bigcommerce", kBigCommerceTopics),
                            connect(base, "magento", 0)};
  ASSERT_FALSE(HasFailure()) << gw_->log_text();
  // 30% of deliveries dropped, 10% sent twice, 30% held back 0.2-0.8 s so later ones overtake.
  const json::object faults{
      {"seed", 7}, {"webhooks", json::object{{"drop", 0.3}, {"duplicate", 0.1}, {"reorder", 0.3}}}};
  for (const auto& s : stores)
    ASSERT_EQ(sandbox_->control("POST", s.sandbox_id, "faults", faults).status, 200);
  std::this_thread::sleep_for(1500ms);  // the first polls record where history ends

  // Within two safety-net poll intervals (plus the time to fetch and deliver) every change
  // is there, whichever source brought it.
  const auto gap_bound = std::chrono::milliseconds(2 * kSafetyMs) + 8s;
  const auto wait_all = [&](const std::vector<Change>& changes, const char* phase) {
    const auto started = std::chrono::steady_clock::now();
    wait_log(
        subscriber, [&](const json::array& log) { return all_seen(log, changes); }, gap_bound);
    std::cout << phase << ": every change delivered after "
              << std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count()
              << " ms\n";
  };
  std::vector<Change> added;
  for (const auto& s : stores) {
    for (int i = 0; i < 3; ++i)
      added.push_back(create(s, "orders", "order.add"));
    for (int i = 0; i < 2; ++i)
      added.push_back(create(s, "customers", "customer.add"));
  }
  wait_all(added, "adds");

  // Versions are updated_at: change each entity a second later.
  std::this_thread::sleep_for(1100ms);
  std::vector<Change> updated;
  for (const auto& c : added) {
    const auto& [store, id, type] = c.key;
    const bool order = type == "order.add";
    const json::object change =
        order ? json::object{{"status", "completed"}} : json::object{{"first_name", "Changed"}};
    const std::string& sandbox_id = std::find_if(stores.begin(), stores.end(), [&](const Store& s) {
                                      return s.store == store;
                                    })->sandbox_id;
    ASSERT_EQ(sandbox_->control("POST", sandbox_id, c.sandbox_path, change).status, 200);
    updated.push_back({{store, id, order ? "order.update" : "customer.update"}, c.sandbox_path});
  }
  wait_all(updated, "updates");

  // Late duplicates and the next polls' overlap windows add nothing.
  std::this_thread::sleep_for(std::chrono::milliseconds(kSafetyMs) + 1s);
  const json::array log = subscriber.log();
  const auto seen = by_change(log);
  std::set<std::string> webhook_ids;
  std::map<std::string, int> sources;
  for (const auto& e : log) {
    EXPECT_TRUE(e.at("verified").as_bool()) << json::serialize(e);
    EXPECT_TRUE(e.at("schema_valid").as_bool()) << json::serialize(e);
    EXPECT_TRUE(webhook_ids.insert(std::string(e.at("webhook_id").as_string())).second)
        << "delivered twice without a crash: " << json::serialize(e);
    ++sources[std::string(e.at("source").as_string())];
  }
  for (const auto* changes : {&added, &updated}) {
    for (const auto& c : *changes) {
      const auto it = seen.find(c.key);
      ASSERT_NE(it, seen.end()) << std::get<2>(c.key) << " " << std::get<1>(c.key);
      EXPECT_EQ(it->second.size(), 1u) << std::get<2>(c.key) << " " << std::get<1>(c.key);
    }
  }
  std::cout << "sources: webhook " << sources["webhook"] << ", poll " << sources["poll"] << "\n";
  EXPECT_GT(sources["webhook"], 0);  // the faults left webhooks working, only unreliable

  for (const auto& s : stores) {
    sandbox_->control("POST", s.sandbox_id, "faults", json::object{});
    EXPECT_EQ(post("store.delete", json::object{{"store_id", s.store}}).status, 200);
  }
}

TEST_F(EventFaults, AGatewayKilledWhileIngestingAndDeliveringLosesNothing) {
  constexpr int kSafetyMs = 2000;
  // Short enrichment, delivery and lease timeouts, so the restarted process takes over what
  // the dead one held within seconds.
  const std::string base = start_gateway_at(std::to_string(free_port()), kSafetyMs,
                                            {{"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "4000"},
                                             {"CARTGATE_EVENTS_POLL_LEASE_MS", "3000"}});
  SubscriberProcess subscriber;
  const std::string sub = subscribe(subscriber, json::object{{"timeout_ms", 1500}});
  // A slow subscriber keeps deliveries in flight when the process dies.
  subscriber.configure(json::object{{"delay_ms", 600}});
  std::vector<Store> stores{connect(base, "woocommerce", 6), connect(base, "shopify", 8)};
  ASSERT_FALSE(HasFailure()) << gw_->log_text();
  std::this_thread::sleep_for(1500ms);

  RedisSync redis(test_redis_url());
  const std::string ns = gw_->env().at("CARTGATE_REDIS_NAMESPACE");
  const auto queue = redis.keys(ns + ":{t:*}:sq:" + sub);
  ASSERT_EQ(queue.size(), 1u);
  const auto pending = [&](const std::string& stream, const char* group) {
    auto summary = redis.command({"XPENDING", stream, group});
    return summary.empty() ? 0 : std::stoi(summary[0]);
  };

  // Changes keep arriving by webhook before, while and after the process is killed.
  std::vector<Change> changes;
  const auto burst = [&](int per_store) {
    for (int i = 0; i < per_store; ++i) {
      for (const auto& s : stores)
        changes.push_back(create(s, "orders", "order.add"));
    }
  };
  // Shopify's thin payloads are enriched by a read: a slow store keeps them in the inbox.
  const std::string& shop = stores[1].sandbox_id;
  const json::object slow{{"api", json::object{{"slow_ms", 1500}}}};
  ASSERT_EQ(sandbox_->control("POST", shop, "faults", slow).status, 200);
  burst(4);
  // The kill comes while deliveries are under way and webhooks are still being enriched,
  // both seen at the same moment (a delivery takes the subscriber's 600 ms, so it is still in
  // flight at the kill a few milliseconds later).
  const std::string inbox = ns + ":{ingest}:inbox";
  wait_log(subscriber, [&](const json::array&) {
    return pending(queue[0], "delivery") > 0 && pending(inbox, "ingest") > 0;
  });
  Env env = gw_->env();
  env.erase("CARTGATE_HTTP_PORT_FILE");  // the new process has its own directory
  gw_->kill_hard();
  // What the dead process held: each is delivered again, under the same webhook-id.
  const int in_flight = pending(queue[0], "delivery");
  const int ingesting = pending(inbox, "ingest");
  EXPECT_GT(in_flight, 0);
  EXPECT_GT(ingesting, 0);
  burst(2);  // the platforms find nobody listening
  gw_ = std::make_unique<GatewayProcess>(env);
  burst(2);

  const json::array log = wait_log(
      subscriber,
      [&](const json::array& l) {
        // Every change seen, and nothing the dead process held left unfinished: an entry it
        // had read but not sent yet is delivered once, one it had sent is sent again.
        return all_seen(l, changes) && pending(queue[0], "delivery") == 0;
      },
      std::chrono::milliseconds(2 * kSafetyMs) + 30s);
  const auto seen = by_change(log);
  std::size_t redelivered = 0;
  for (const auto& c : changes) {
    const auto it = seen.find(c.key);
    ASSERT_NE(it, seen.end()) << "lost: " << std::get<1>(c.key);
    const std::set<std::string> ids(it->second.begin(), it->second.end());
    EXPECT_EQ(ids.size(), 1u) << "one change, one webhook-id: " << std::get<1>(c.key);
    redelivered += it->second.size() - 1;
  }
  // Redeliveries only of what was in flight at the kill, each under its own webhook-id.
  EXPECT_LE(redelivered, static_cast<std::size_t>(in_flight));
  for (const auto& e : log) {
    EXPECT_TRUE(e.at("verified").as_bool()) << json::serialize(e);
    EXPECT_TRUE(e.at("schema_valid").as_bool()) << json::serialize(e);
  }

  // Nothing stays behind: the inbox and the queue have no entry left unfinished.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while ((pending(inbox, "ingest") > 0 || pending(queue[0], "delivery") > 0) &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(pending(inbox, "ingest"), 0);
  EXPECT_EQ(pending(queue[0], "delivery"), 0);
  std::cout << changes.size() << " changes; at the kill " << in_flight
            << " deliveries in flight and " << ingesting << " inbox entries held; " << redelivered
            << " redelivered, " << log.size() << " deliveries in all\n";

  sandbox_->control("POST", shop, "faults", json::object{});
  for (const auto& s : stores)
    EXPECT_EQ(post("store.delete", json::object{{"store_id", s.store}}).status, 200);
}

TEST_F(EventFaults, AStoreWaitingOnItsPlatformDelaysNoOtherStoresEvents) {
  // The safety-net poll is far away: what arrives here arrives by webhook. Read-backs may take
  // as long as the slow store needs.
  const std::string base = start_gateway_at(std::to_string(free_port()), 600000,
                                            {{"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "30000"}});
  SubscriberProcess subscriber;
  subscribe(subscriber);
  std::vector<Store> stores{connect(base, "shopify", 8), connect(base, "woocommerce", 6)};
  ASSERT_FALSE(HasFailure()) << gw_->log_text();
  std::this_thread::sleep_for(1500ms);
  RedisSync redis(test_redis_url());
  const std::string inbox = gw_->env().at("CARTGATE_REDIS_NAMESPACE") + ":{ingest}:inbox";
  const auto held = [&] {
    auto summary = redis.command({"XPENDING", inbox, "ingest"});
    return summary.empty() ? 0 : std::stoi(summary[0]);
  };

  // Every answer of the Shopify store now takes 8 s, so its thin webhooks wait in the ingest
  // worker for their read-backs, as they do behind a platform's rate limit.
  const std::string& shop = stores[0].sandbox_id;
  const json::object slow{{"api", json::object{{"slow_ms", 8000}}}};
  ASSERT_EQ(sandbox_->control("POST", shop, "faults", slow).status, 200);
  std::vector<Change> waiting;
  for (int i = 0; i < 3; ++i)
    waiting.push_back(create(stores[0], "orders", "order.add"));
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (held() == 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  ASSERT_GT(held(), 0) << "the Shopify webhooks never reached the worker";

  // Another store's change meanwhile: its event must not wait for the Shopify read-backs
  // (a worker that waits for a whole batch of entries delivers it only after ~8 s).
  const std::vector<Change> other{create(stores[1], "orders", "order.add")};
  const auto started = std::chrono::steady_clock::now();
  const json::array log = wait_log(
      subscriber, [&](const json::array& l) { return all_seen(l, other); }, 30s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  EXPECT_LT(took, 4000ms) << "the WooCommerce event waited for the Shopify read-backs";
  EXPECT_FALSE(all_seen(log, waiting)) << "the Shopify read-backs were not slow after all";
  std::cout << "WooCommerce event delivered " << took.count()
            << " ms after its change, with Shopify webhooks waiting on 8 s read-backs\n";
  // Nothing of the slow store is lost: its events follow once its answers come.
  wait_log(
      subscriber, [&](const json::array& l) { return all_seen(l, waiting); }, 60s);

  sandbox_->control("POST", shop, "faults", json::object{});
  for (const auto& s : stores)
    EXPECT_EQ(post("store.delete", json::object{{"store_id", s.store}}).status, 200);
}

// Many stores on a slow platform are polled side by side, each at its own pace: how many a
// process polls at once follows the work that is due, not a small constant.
TEST_F(EventFaults, StoresOnASlowPlatformArePolledSideBySide) {
  start_gateway();
  const std::string sandbox_store(sandbox_->store("magento").at("id").as_string());
  constexpr int kStores = 16;
  std::vector<std::string> stores;
  for (int i = 0; i < kStores; ++i)
    stores.push_back(add("magento"));
  ASSERT_FALSE(HasFailure()) << gw_->log_text();
  // Every answer now takes 2 s: a poll run of one store (orders, customers, products, carts)
  // lasts several seconds, so only runs that overlap can make many requests in a few seconds.
  const json::object slow{{"api", json::object{{"slow_ms", 2000}}}};
  ASSERT_EQ(sandbox_->control("POST", sandbox_store, "faults", slow).status, 200);
  const auto requests = [&] {
    return sandbox_->control("GET", sandbox_store, "stats", json::object{})
        .json()
        .at("requests")
        .as_int64();
  };
  std::this_thread::sleep_for(2500ms);  // runs started before the fault have drained
  const std::int64_t before = requests();
  std::this_thread::sleep_for(6s);
  const std::int64_t made = requests() - before;
  // Four stores at a time (the old per-process constant) could ask at most 4 x 6 s / 2 s = 12.
  EXPECT_GT(made, 2 * 12) << "requests in 6 s across " << kStores << " slow stores";
  std::cout << made << " requests in 6 s across " << kStores
            << " stores whose every answer takes 2 s\n";
  sandbox_->control("POST", sandbox_store, "faults", json::object{});
  for (const auto& s : stores)
    EXPECT_EQ(post("store.delete", json::object{{"store_id", s}}).status, 200);
}

}  // namespace
}  // namespace cartgate::test
