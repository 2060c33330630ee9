// The cart index in a real Redis: newest version wins, the per-store cap and the TTL bound
// it, and pages follow creation order through filters and resumption tokens.
#include "events/cart_index.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "redis/client.hpp"
#include "support/gateway_process.hpp"
#include "support/redis_sync.hpp"
#include "support/run_awaitable.hpp"

namespace cartgate {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using test::run;

json::object cart(const std::string& id, int created_minute, int updated_minute,
                  const std::string& status = "active") {
  const auto at = [](int minute) {
    return "2026-11-24T10:" + std::string(minute < 10 ? "0" : "") + std::to_string(minute) + ":00Z";
  };
  return json::object{{"id", id},
                      {"store_id", "st_1"},
                      {"platform", "bigcommerce"},
                      {"status", status},
                      {"created_at", at(created_minute)},
                      {"updated_at", at(updated_minute)},
                      {"line_items", json::array{}}};
}

class CartIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    redis::ClientOptions options;
    options.endpoint = *redis::parse_endpoint(test::test_redis_url());
    client = redis::Client::create(
        io.get_executor(), options,
        {&events::cart_index_put_script(), &events::cart_index_page_script()});
    client->start();
    ASSERT_TRUE(run(io, client->wait_connected(3s)));
    config.cart_index_max_per_store = 3;
    config.cart_index_ttl_seconds = 600;
  }
  void TearDown() override { client->stop(); }

  events::IndexedCart put(const json::object& c) {
    auto r = run(io, index().put("tn", "st_1", c));
    EXPECT_TRUE(r.has_value());
    return r ? *r : events::IndexedCart{};
  }
  // Every id of a full scan, following the tokens.
  std::vector<std::string> scan(ReadQuery q) {
    std::vector<std::string> ids;
    for (int page = 0; page < 10; ++page) {
      auto r = run(io, index().page("tn", "st_1", q));
      EXPECT_TRUE(r.has_value());
      if (!r) break;
      for (const auto& item : r->at("items").as_array())
        ids.emplace_back(item.at("id").as_string());
      const auto& next = r->at("next_page_token");
      if (next.is_null()) break;
      q.page_token = std::string(next.as_string());
    }
    return ids;
  }
  events::CartIndex index() { return events::CartIndex(*client, keys, config); }

  boost::asio::io_context io{1};
  std::shared_ptr<redis::Client> client;
  redis::KeyLayout keys{test::fresh_namespace()};
  EventsConfig config;
};

TEST_F(CartIndexTest, NewestVersionWinsAndThePreviousStatusIsReported) {
  EXPECT_TRUE(put(cart("a", 1, 5)).stored);
  EXPECT_EQ(put(cart("a", 1, 5)).previous_status, "active");  // a re-read: stored again
  auto late = put(cart("a", 1, 3, "converted"));              // an older version, arriving late
  EXPECT_FALSE(late.stored);
  auto held = run(io, index().get("tn", "st_1", "a"));
  ASSERT_TRUE(held && *held);
  EXPECT_EQ((**held).at("status"), "active");
  auto bought = put(cart("a", 1, 9, "converted"));
  EXPECT_TRUE(bought.stored);
  EXPECT_EQ(bought.previous_status, "active");
  auto unknown = run(io, index().get("tn", "st_1", "zz"));
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(unknown->has_value());
}

TEST_F(CartIndexTest, TheCapEvictsTheOldestAndEverySnapshotExpires) {
  for (int i = 0; i < 5; ++i)
    put(cart("c" + std::to_string(i), i, i));
  EXPECT_EQ(scan(ReadQuery{}), (std::vector<std::string>{"c2", "c3", "c4"}));
  auto evicted = run(io, index().get("tn", "st_1", "c0"));
  ASSERT_TRUE(evicted);
  EXPECT_FALSE(evicted->has_value()) << "an evicted cart's snapshot goes with it";
  test::RedisSync sync(test::test_redis_url());
  const auto ttl = sync.command({"TTL", keys.cart_snapshot("tn", "st_1", "c4")});
  ASSERT_EQ(ttl.size(), 1u);
  EXPECT_GT(std::stoll(ttl[0]), 0);
  EXPECT_LE(std::stoll(ttl[0]), 600);
  // A snapshot that expired leaves its index entry behind; the next page drops it.
  sync.command({"DEL", keys.cart_snapshot("tn", "st_1", "c3")});
  EXPECT_EQ(scan(ReadQuery{}), (std::vector<std::string>{"c2", "c4"}));
  EXPECT_EQ(sync.command({"ZCARD", keys.cart_index("tn", "st_1")}).at(0), "2");
}

TEST_F(CartIndexTest, PagesFollowCreationOrderThroughFiltersAndTokens) {
  config.cart_index_max_per_store = 100;
  for (int i = 0; i < 7; ++i)
    put(cart("p" + std::to_string(i), i, 20 + i, i % 2 == 0 ? "abandoned" : "active"));
  ReadQuery q;
  q.page_size = 2;
  EXPECT_EQ(scan(q), (std::vector<std::string>{"p0", "p1", "p2", "p3", "p4", "p5", "p6"}));
  q.filters["abandoned"] = "true";
  EXPECT_EQ(scan(q), (std::vector<std::string>{"p0", "p2", "p4", "p6"}));
  q.filters.clear();
  q.created_from = parse_rfc3339("2026-11-24T10:02:00Z");
  q.created_to = parse_rfc3339("2026-11-24T10:04:00Z");
  EXPECT_EQ(scan(q), (std::vector<std::string>{"p2", "p3", "p4"}));
  ReadQuery modified;
  modified.modified_from = parse_rfc3339("2026-11-24T10:25:00Z");
  EXPECT_EQ(scan(modified), (std::vector<std::string>{"p5", "p6"}));
  ReadQuery forged;
  forged.page_token = "not-a-token";
  EXPECT_FALSE(run(io, index().page("tn", "st_1", forged)).has_value());
}

}  // namespace
}  // namespace cartgate
