// The per-store outbound budget in a real Redis: shared by every client (every gateway
// process), and lanes that keep background work from draining what live reads need.
#include "outbound/outbound_limiter.hpp"

#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "redis/client.hpp"
#include "support/gateway_process.hpp"
#include "support/run_awaitable.hpp"

namespace cartgate {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using outbound::Lane;

using test::run;

class OutboundLimiterTest : public ::testing::Test {
 protected:
  std::shared_ptr<redis::Client> connect() {
    redis::ClientOptions options;
    options.endpoint = *redis::parse_endpoint(test::test_redis_url());
    auto c = redis::Client::create(
        io.get_executor(), options,
        {&outbound::outbound_acquire_script(), &outbound::outbound_observe_script()});
    c->start();
    EXPECT_TRUE(run(io, c->wait_connected(3s)));
    return c;
  }
  outbound::Grant take(outbound::OutboundLimiter& l, Lane lane, double cost = 1) {
    return run(io, l.acquire(store, policy, lane, cost));
  }

  asio::io_context io{1};
  redis::KeyLayout keys{test::fresh_namespace()};
  // A slow refill, so the few milliseconds a test takes add (almost) nothing.
  const outbound::BucketPolicy policy{10, 0.01};
  const std::string store = "st_limiter_test";
};

TEST_F(OutboundLimiterTest, PollingStopsAtItsReserveAndLiveReadsStillGetThrough) {
  auto client = connect();
  outbound::OutboundLimiter limiter(*client, keys);
  int polled = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::poll).granted; ++i)
    ++polled;
  EXPECT_EQ(polled, 6);  // 40% of 10 stays for enrichment and live reads
  int enriched = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::enrichment).granted; ++i)
    ++enriched;
  EXPECT_EQ(enriched, 2);  // 20% stays for live reads
  int live = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::live).granted; ++i)
    ++live;
  EXPECT_EQ(live, 2);
  const auto denied = take(limiter, Lane::live);
  EXPECT_FALSE(denied.granted);
  EXPECT_GT(denied.wait_ms, 0);  // when one unit will have refilled
}

TEST_F(OutboundLimiterTest, BatchJobsLeaveHalfTheBucketToEveryoneElse) {
  auto client = connect();
  outbound::OutboundLimiter limiter(*client, keys);
  int bulk = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::bulk).granted; ++i)
    ++bulk;
  EXPECT_EQ(bulk, 5);
  // Polling still has its own share, and live reads theirs.
  int polled = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::poll).granted; ++i)
    ++polled;
  EXPECT_EQ(polled, 1);
  int live = 0;
  for (int i = 0; i < 50 && take(limiter, Lane::live).granted; ++i)
    ++live;
  EXPECT_EQ(live, 4);
}

TEST_F(OutboundLimiterTest, TwoClientsDrawFromOneBucket) {
  auto a = connect();
  auto b = connect();
  outbound::OutboundLimiter first(*a, keys), second(*b, keys);
  int granted = 0;
  for (int i = 0; i < 20; ++i) {
    granted += take(i % 2 ? second : first, Lane::live).granted ? 1 : 0;
  }
  EXPECT_EQ(granted, 10);  // the bucket's capacity, not twice it
}

TEST_F(OutboundLimiterTest, ThePlatformsReportCorrectsTheBucket) {
  auto client = connect();
  outbound::OutboundLimiter limiter(*client, keys);
  ASSERT_TRUE(take(limiter, Lane::live).granted);
  // The platform says only 2 are left (other apps use the same store's limit).
  RateLimitObservation report;
  report.remaining = 2;
  run(io, limiter.observe(store, report));
  EXPECT_TRUE(take(limiter, Lane::live).granted);
  EXPECT_TRUE(take(limiter, Lane::live).granted);
  EXPECT_FALSE(take(limiter, Lane::live).granted);
  // A 429 with a wait blocks every lane for that long.
  RateLimitObservation throttled;
  throttled.throttled = true;
  throttled.retry_after_ms = 60'000;
  run(io, limiter.observe(store, throttled));
  const auto blocked = take(limiter, Lane::live);
  EXPECT_FALSE(blocked.granted);
  EXPECT_GT(blocked.wait_ms, 55'000);
}

TEST_F(OutboundLimiterTest, ACostlierRequestWaitsForItsWholeCost) {
  auto client = connect();
  outbound::OutboundLimiter limiter(*client, keys);
  EXPECT_TRUE(take(limiter, Lane::live, 7).granted);
  const auto big = take(limiter, Lane::live, 7);
  EXPECT_FALSE(big.granted);
  EXPECT_TRUE(take(limiter, Lane::live, 3).granted);  // what is left still serves a small one
}

}  // namespace
}  // namespace cartgate
