// The date bounds a platform cannot apply, applied by the gateway (api/record_window).
#include <gtest/gtest.h>

#include "api/record_window.hpp"

namespace cartgate::api {
namespace {

Timestamp at(int seconds) {
  return Timestamp{std::chrono::seconds{1'700'000'000 + seconds}};
}

Order order(const std::string& id, int created, int updated) {
  Order o;
  o.id = id;
  o.created_at = at(created);
  o.updated_at = at(updated);
  return o;
}

TEST(RecordWindow, OnlyTheBoundsTheCapabilityLacksLeaveTheQuery) {
  EntityCapability cap;
  cap.date_bounds = {DateBound::modified_from};
  ReadQuery q;
  q.created_from = at(1);
  q.modified_from = at(2);
  q.modified_to = at(3);
  EXPECT_EQ(first_unapplied_bound(q, cap), DateBound::created_from);
  const RecordWindow window = take_unapplied_bounds(q, cap);
  EXPECT_FALSE(q.created_from);
  EXPECT_EQ(q.modified_from, at(2));  // the platform's own
  EXPECT_FALSE(q.modified_to);
  EXPECT_EQ(window.created_from, at(1));
  EXPECT_FALSE(window.modified_from);
  EXPECT_EQ(window.modified_to, at(3));
  EXPECT_FALSE(first_unapplied_bound(q, cap));
}

TEST(RecordWindow, FromIsInclusiveAndToExclusive) {
  RecordWindow w;
  w.created_from = at(10);
  w.created_to = at(20);
  EXPECT_TRUE(w.contains(order("a", 10, 99)));
  EXPECT_TRUE(w.contains(order("b", 19, 0)));
  EXPECT_FALSE(w.contains(order("c", 20, 15)));
  EXPECT_FALSE(w.contains(order("d", 9, 15)));
  RecordWindow m;
  m.modified_from = at(5);
  EXPECT_TRUE(m.contains(order("e", 0, 5)));
  EXPECT_FALSE(m.contains(order("f", 9, 4)));
}

TEST(RecordWindow, RecordsOutsideLeaveWithTheirPlatformObjects) {
  RecordWindow w;
  w.modified_from = at(5);
  std::vector<EntityData> entities{order("1", 0, 1), order("2", 0, 6), order("3", 0, 2),
                                   order("4", 0, 9)};
  boost::json::array raw{"one", "two", "three", "four"};
  keep_within(w, entities, raw);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(header_of(entities[0]).id, "2");
  EXPECT_EQ(header_of(entities[1]).id, "4");
  EXPECT_EQ(raw, (boost::json::array{"two", "four"}));
  // Without platform objects (raw not asked for) the records alone are narrowed.
  boost::json::array none;
  keep_within(w, entities, none);
  EXPECT_EQ(entities.size(), 2u);
  // An empty window keeps everything.
  keep_within(RecordWindow{}, entities, raw);
  EXPECT_EQ(entities.size(), 2u);
}

}  // namespace
}  // namespace cartgate::api
