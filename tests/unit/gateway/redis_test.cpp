// Unit tests of gateway/redis: Redis URLs.

#include <gtest/gtest.h>

#include "redis/endpoint.hpp"

namespace cartgate {
namespace {

TEST(RedisEndpoint, ParsesUrls) {
  auto e = redis::parse_endpoint("redis://user:pa%40ss@cache.internal:6380/3");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "cache.internal");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->username, "user");
  EXPECT_EQ(e->password, "pa@ss");
  EXPECT_EQ(e->db, 3);
  EXPECT_EQ(e->describe(), "cache.internal:6380");
  e = redis::parse_endpoint("redis://127.0.0.1");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 6379);
  EXPECT_FALSE(redis::parse_endpoint("redis://h/abc"));
  EXPECT_FALSE(redis::parse_endpoint("https://h"));
  EXPECT_FALSE(redis::parse_endpoint("unix://"));
}

}  // namespace
}  // namespace cartgate
