// Master-key rotation on a live deployment: secrets sealed under key A are re-sealed under B
// while a gateway keeps reading and polling; then A is removed and every store and every
// subscription still works after a restart.
#include <atomic>
#include <future>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "event_pipeline_fixture.hpp"

namespace cartgate::test {
namespace {

using namespace std::chrono_literals;

class KeyRotation : public EventPipeline {};

TEST_F(KeyRotation, SecretsMoveToTheNewKeyWhileGatewaysServeAndTheOldKeyCanGo) {
  const std::string key_a = fresh_master_key();
  const std::string key_b = fresh_master_key();
  start_gateway({{"CARTGATE_MASTER_KEY", key_a}});
  int code = 0;
  run_cli("tenant set-limit acme --rate 100000 --period-ms 1000 --burst 100000", gw_->env(), code);
  ASSERT_EQ(code, 0);
  std::map<std::string, std::string> stores;
  for (const char* p : {"shopify", "woocommerce", "magento", "bigcommerce"})
    stores[p] = add(p);
  SubscriberProcess subscriber;
  subscribe(subscriber, json::object{{"event_types", "product.add"}});
  const std::string mage(sandbox_->store("magento").at("id").as_string());
  std::this_thread::sleep_for(1500ms);
  ASSERT_EQ(create_and_wait(subscriber, mage, "products").second.size(), 1u);
  auto first_page =
      http_request(gw_->port(), "GET", "/v1/order.list?limit=1&store_id=" + stores["woocommerce"],
                   {{"x-api-key", key_}});
  const std::string cursor(first_page.json().at("pagination").at("next_cursor").as_string());

  // The deployment learns B (first: it seals) and keeps A (it still opens what A sealed).
  Env both = peer_env({{"CARTGATE_MASTER_KEY", key_b + "," + key_a}});
  gw_.reset();
  gw_ = std::make_unique<GatewayProcess>(both);
  both = gw_->env();  // the whole configuration (Redis URL too), for the command line
  both.erase("CARTGATE_HTTP_PORT_FILE");
  // Reads go on during the rotation and never fail.
  std::atomic<bool> rotating{true};
  auto reads = std::async(std::launch::async, [&] {
    int failures = 0, done = 0;
    while (rotating.load() || done < 8) {
      for (const auto& [platform, id] : stores) {
        auto r = http_request(gw_->port(), "GET", "/v1/order.count?store_id=" + id,
                              {{"x-api-key", key_}});
        failures += r.status == 200 ? 0 : 1;
        ++done;
      }
    }
    return failures;
  });
  const std::string summary = run_cli("master-key rotate", both, code);
  rotating = false;
  EXPECT_EQ(code, 0) << summary;
  EXPECT_EQ(reads.get(), 0);
  const json::value s = json::parse(summary);
  EXPECT_EQ(s.at("resealed"), 5) << summary;  // four stores, one subscription
  EXPECT_EQ(s.at("unreadable"), 0) << summary;
  // Nothing is left under A: it can be retired. Run again: nothing to do.
  Env only_b = both;
  only_b["CARTGATE_MASTER_KEY"] = key_b;
  const json::value status = json::parse(run_cli("master-key status", only_b, code));
  EXPECT_EQ(code, 0);
  EXPECT_EQ(status.at("by_key").as_object().size(), 1u) << status;
  EXPECT_EQ(status.at("current"), 5) << status;
  EXPECT_EQ(json::parse(run_cli("master-key rotate", only_b, code)).at("resealed"), 0);

  // A cursor issued under A still pages while A is configured.
  auto next = http_request(gw_->port(), "GET", "/v1/order.list?limit=1&cursor=" + cursor,
                           {{"x-api-key", key_}});
  EXPECT_EQ(next.status, 200) << next.body;

  // A removed, restarted: every store reads, the subscription still signs deliveries.
  gw_.reset();
  gw_ = std::make_unique<GatewayProcess>(only_b);
  for (const auto& [platform, id] : stores) {
    auto r =
        http_request(gw_->port(), "GET", "/v1/order.count?store_id=" + id, {{"x-api-key", key_}});
    EXPECT_EQ(r.status, 200) << platform << " " << r.body;
  }
  std::this_thread::sleep_for(1500ms);
  const auto [product, delivered] = create_and_wait(subscriber, mage, "products");
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_TRUE(delivered[0].at("verified").as_bool());
}

}  // namespace
}  // namespace cartgate::test
