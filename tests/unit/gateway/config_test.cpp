// Unit tests of gateway/config: defaults, the file and the environment.

#include "config/config.hpp"

#include <gtest/gtest.h>

namespace cartgate {
namespace {

TEST(Config, DefaultsFileAndEnvironment) {
  std::string error;
  const auto no_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };
  auto c = load_config("", no_env, error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->http.port, 8080);
  EXPECT_EQ(c->redis.key_namespace, "cg");

  const auto env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CARTGATE_HTTP_PORT") return "9090";
    if (name == "CARTGATE_REDIS_URL") return "unix:///run/redis.sock?db=2";
    return std::nullopt;
  };
  c = load_config(R"({"http":{"port":1234,"max_body_bytes":2048},"log":{"level":"debug"}})", env,
                  error);
  ASSERT_TRUE(c) << error;
  EXPECT_EQ(c->http.port, 9090);  // environment wins
  EXPECT_EQ(c->http.max_body_bytes, 2048);
  EXPECT_EQ(c->log.level, "debug");
  EXPECT_EQ(c->redis.url, "unix:///run/redis.sock?db=2");

  EXPECT_FALSE(load_config(R"({"http":{"prot":1}})", no_env, error));
  EXPECT_NE(error.find("http.prot"), std::string::npos);
  EXPECT_FALSE(load_config(R"({"http":{"port":70000}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"http":{"port":"80"}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"redis":{"url":"http://x"}})", no_env, error));
  EXPECT_FALSE(load_config(R"({"log":{"level":"loud"}})", no_env, error));
  EXPECT_FALSE(load_config("[]", no_env, error));
  const auto bad_env = [](std::string_view name) -> std::optional<std::string> {
    if (name == "CARTGATE_HTTP_THREADS") return "four";
    return std::nullopt;
  };
  EXPECT_FALSE(load_config("", bad_env, error));
}

}  // namespace
}  // namespace cartgate
