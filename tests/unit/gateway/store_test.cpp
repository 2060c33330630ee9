// Unit tests of gateway/store: the per-process cache of store records.
#include <thread>

#include <gtest/gtest.h>

#include "store/recent_stores.hpp"

namespace cartgate {
namespace {

TEST(RecentStores, ServeARecordForItsTimeToLiveAndForgetChangesAtOnce) {
  auto now = RecentStores::Clock::time_point{};
  RecentStores recent(std::chrono::milliseconds(1000), 2, [&now] { return now; });
  StoreRecord a;
  a.id = "st_a";
  a.tenant = "t1";
  a.base_url = "https://a.example";
  recent.remember(a, recent.generation());
  ASSERT_TRUE(recent.find("st_a"));
  EXPECT_EQ(recent.find("st_a")->base_url, "https://a.example");
  now += std::chrono::milliseconds(999);
  EXPECT_TRUE(recent.find("st_a"));
  now += std::chrono::milliseconds(1);
  EXPECT_FALSE(recent.find("st_a")) << "kept past its time to live";

  // A read that began before this process changed a store is not kept: it may be the old record.
  const auto before_change = recent.generation();
  recent.forget("st_a");
  recent.remember(a, before_change);
  EXPECT_FALSE(recent.find("st_a"));
  recent.remember(a, recent.generation());
  EXPECT_TRUE(recent.find("st_a"));
  recent.forget("st_a");
  EXPECT_FALSE(recent.find("st_a"));

  // Full: the expired go first, then everything, never more than the capacity.
  StoreRecord b = a, c = a;
  b.id = "st_b";
  c.id = "st_c";
  recent.remember(a, recent.generation());
  recent.remember(b, recent.generation());
  recent.remember(c, recent.generation());
  EXPECT_TRUE(recent.find("st_c"));
  EXPECT_EQ(int(recent.find("st_a").has_value()) + int(recent.find("st_b").has_value()), 0);

  // Expired records do not pile up: the next remember after a time to live sweeps them.
  now += std::chrono::milliseconds(1000);
  StoreRecord d = a;
  d.id = "st_d";
  recent.remember(d, recent.generation());
  EXPECT_EQ(recent.size(), 1u);

  RecentStores off(std::chrono::milliseconds(0));
  off.remember(a, off.generation());
  EXPECT_FALSE(off.find("st_a")) << "a zero time to live keeps nothing";
}

}  // namespace
}  // namespace cartgate
