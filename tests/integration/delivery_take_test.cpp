// The deliverer's take script against a real redis-server: what one pass hands out.
#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "delivery/deliverer.hpp"
#include "support/gateway_process.hpp"
#include "support/redis_sync.hpp"

namespace cartgate {
namespace {

using namespace std::chrono_literals;

bool contains(const std::vector<std::string>& reply, const std::string& id) {
  return std::find(reply.begin(), reply.end(), id) != reply.end();
}

// Every 10 s a pass also claims entries a dead process left; it used to read nothing new then,
// so an event queued at that moment waited for the next pass (up to 50 ms more end to end).
TEST(DeliveryTake, AClaimPassAlsoTakesNewEntriesIntoTheRoomLeft) {
  test::RedisSync redis(test::test_redis_url());
  const std::string prefix = test::fresh_namespace();
  const std::string queue = prefix + ":{q}:queue", slots = prefix + ":{q}:slots";
  redis.command({"XGROUP", "CREATE", queue, "delivery", "0", "MKSTREAM"});
  const std::string abandoned = redis.command({"XADD", queue, "*", "p", "a"}).front();
  // Taken by a process that then died: pending, idle.
  redis.command({"XREADGROUP", "GROUP", "delivery", "dead", "COUNT", "1", "STREAMS", queue, ">"});
  std::this_thread::sleep_for(20ms);
  const std::string fresh = redis.command({"XADD", queue, "*", "p", "b"}).front();

  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto take = [&](const std::string& room, const std::string& mode) {
    return redis.command({"EVAL", delivery::delivery_take_script().source(), "2", queue, slots,
                          "alive", room, "10", std::to_string(now_ms),
                          std::to_string(now_ms + 60'000), mode, "10"});
  };
  const auto first = take("10", "claim");
  EXPECT_TRUE(contains(first, abandoned)) << "the idle entry is claimed";
  EXPECT_TRUE(contains(first, fresh)) << "the new entry is taken in the same pass";

  // The room bounds both together: claimed entries come first.
  redis.command({"XACK", queue, "delivery", abandoned, fresh});
  const std::string later = redis.command({"XADD", queue, "*", "p", "c"}).front();
  redis.command({"XREADGROUP", "GROUP", "delivery", "dead", "COUNT", "1", "STREAMS", queue, ">"});
  redis.command({"ZREMRANGEBYSCORE", slots, "-inf", "+inf"});
  std::this_thread::sleep_for(20ms);
  const std::string newest = redis.command({"XADD", queue, "*", "p", "d"}).front();
  const auto bounded = take("1", "claim");
  EXPECT_TRUE(contains(bounded, later));
  EXPECT_FALSE(contains(bounded, newest));
}

}  // namespace
}  // namespace cartgate
