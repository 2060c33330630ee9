// The Asio-driven hiredis client against a real redis-server.
#include <optional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

#include "redis/client.hpp"
#include "support/gateway_process.hpp"
#include "support/redis_sync.hpp"
#include "support/run_awaitable.hpp"

namespace cartgate {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

using test::run;

class RedisClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<redis::Client> make(std::chrono::milliseconds command_timeout = 2s,
                                      std::vector<const redis::Script*> scripts = {}) {
    redis::ClientOptions options;
    options.endpoint = *redis::parse_endpoint(test::test_redis_url());
    options.command_timeout = command_timeout;
    options.backoff_initial = 10ms;
    options.backoff_max = 100ms;
    auto c = redis::Client::create(io.get_executor(), options, std::move(scripts));
    c->start();
    EXPECT_TRUE(run(io, c->wait_connected(3s)));
    return c;
  }

  asio::io_context io{1};
  const std::string prefix = test::fresh_namespace();
};

TEST_F(RedisClientTest, CommandsAndTypedReplies) {
  auto c = make();
  const std::string key = prefix + ":k";
  auto set = run(io, c->command("SET", key, "v"));
  ASSERT_TRUE(set);
  EXPECT_EQ(set->str, "OK");
  auto get = run(io, c->command("GET", key));
  EXPECT_EQ(get->as_string(), "v");
  auto missing = run(io, c->command("GET", prefix + ":none"));
  EXPECT_TRUE(missing->is_nil());
  auto incr = run(io, c->command("INCRBY", prefix + ":n", "41"));
  EXPECT_EQ(incr->as_integer(), 41);
  auto wrong = run(io, c->command("HGET", key, "f"));
  ASSERT_TRUE(wrong);  // a Redis error is a reply, not a transport failure
  EXPECT_TRUE(wrong->is_error());
  EXPECT_TRUE(wrong->str.starts_with("WRONGTYPE"));
}

TEST_F(RedisClientTest, PipelineKeepsOrderAcrossConcurrentCoroutines) {
  auto c = make();
  const std::string key = prefix + ":list";
  std::vector<std::vector<std::string>> cmds;
  for (int i = 0; i < 200; ++i)
    cmds.push_back({"RPUSH", key, std::to_string(i)});
  auto replies = run(io, c->pipeline(cmds));
  ASSERT_EQ(replies.size(), 200u);
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(replies[i]->as_integer(), i + 1);

  // Many coroutines at once share the one connection; each gets its own answer.
  int done = 0;
  for (int i = 0; i < 50; ++i) {
    asio::co_spawn(io, c->command("LINDEX", key, std::to_string(i)),
                   [&, i](std::exception_ptr, redis::Result r) {
                     EXPECT_EQ(r->as_string(), std::to_string(i));
                     ++done;
                   });
  }
  io.restart();
  while (done < 50)
    io.run_one();
}

TEST_F(RedisClientTest, EvalReloadsScriptsAfterFlush) {
  static const redis::Script script("echo_key", "return {KEYS[1], ARGV[1]}");
  auto c = make(2s, {&script});
  const std::string keys[] = {prefix + ":s"};
  const std::string args[] = {"hello"};
  auto r = run(io, c->eval(script, keys, args));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->elements.size(), 2u);
  EXPECT_EQ(r->elements[1].str, "hello");

  test::RedisSync(test::test_redis_url()).command({"SCRIPT", "FLUSH"});
  r = run(io, c->eval(script, keys, args));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->is_error()) << r->str;
  EXPECT_EQ(r->elements.at(1).str, "hello");
}

TEST_F(RedisClientTest, ReconnectsAfterTheServerDropsTheConnection) {
  auto c = make();
  auto id = run(io, c->command("CLIENT", "ID"));
  ASSERT_TRUE(id);
  test::RedisSync(test::test_redis_url())
      .command({"CLIENT", "KILL", "ID", std::to_string(*id->as_integer())});
  // The next command fails fast (connection lost or not connected), never hangs ...
  auto during = run(io, c->command("PING"));
  if (!during) {
    EXPECT_TRUE(during.error() == redis::errc::connection_lost ||
                during.error() == redis::errc::not_connected)
        << during.error().message();
  }
  // ... and the client comes back by itself.
  EXPECT_TRUE(run(io, c->wait_connected(3s)));
  auto after = run(io, c->command("PING"));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->str, "PONG");
}

TEST_F(RedisClientTest, StuckServerTimesOutAndRecovers) {
  auto c = make(150ms);
  // Pause only this test's traffic pattern briefly: CLIENT PAUSE stalls every client, so keep
  // it far below other tests' command timeouts (2 s).
  test::RedisSync(test::test_redis_url()).command({"CLIENT", "PAUSE", "500", "ALL"});
  const auto started = std::chrono::steady_clock::now();
  auto r = run(io, c->command("PING"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), redis::errc::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 450ms);
  std::this_thread::sleep_for(500ms);
  EXPECT_TRUE(run(io, c->wait_connected(3s)));
  EXPECT_TRUE(run(io, c->command("PING")));
}

TEST_F(RedisClientTest, FailsFastWhenRedisIsDown) {
  redis::ClientOptions options;
  options.endpoint = *redis::parse_endpoint("redis://127.0.0.1:1");  // nothing listens on port 1
  options.backoff_initial = 10ms;
  auto c = redis::Client::create(io.get_executor(), options);
  c->start();
  EXPECT_FALSE(run(io, c->wait_connected(200ms)));
  const auto started = std::chrono::steady_clock::now();
  auto r = run(io, c->command("PING"));
  ASSERT_FALSE(r);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 200ms);
  c->stop();
}

}  // namespace
}  // namespace cartgate
