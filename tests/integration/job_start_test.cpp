// The job runner's start script against a real redis-server: only a queued job becomes running.
#include <string>

#include <gtest/gtest.h>

#include "api/job_store.hpp"
#include "support/gateway_process.hpp"
#include "support/redis_sync.hpp"

namespace cartgate {
namespace {

TEST(JobStart, OnlyAQueuedJobBecomesRunning) {
  test::RedisSync redis(test::test_redis_url());
  const std::string job = test::fresh_namespace() + ":{t:acme}:job:j1";
  const auto start = [&] {
    return redis.command({"EVAL", api::job_start_script().source(), "1", job}).front();
  };
  // Expired (or never made): no stub hash without a time to live is left behind.
  EXPECT_EQ(start(), "0");
  EXPECT_EQ(redis.command({"EXISTS", job}).front(), "0");
  // Finished by a successor while a runner whose lease lapsed was still starting it.
  redis.command({"HSET", job, "state", "done"});
  EXPECT_EQ(start(), "0");
  EXPECT_EQ(redis.command({"HGET", job, "state"}).front(), "done");
  redis.command({"HSET", job, "state", "queued"});
  EXPECT_EQ(start(), "1");
  EXPECT_EQ(redis.command({"HGET", job, "state"}).front(), "running");
}

}  // namespace
}  // namespace cartgate
