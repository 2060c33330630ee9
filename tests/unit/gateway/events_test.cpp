// The pure parts of the event pipeline: how deliveries are signed, how event ids and retry
// schedules are derived.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

#include "config/config.hpp"
#include "delivery/signature.hpp"
#include "events/cart_tracker.hpp"
#include "events/event_writer.hpp"

namespace cartgate {
namespace {

TEST(DeliverySignature, MatchesTheStandardWebhooksReferenceVector) {
  // The example from the Standard Webhooks specification.
  auto key = delivery::signing_key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  ASSERT_TRUE(key);
  EXPECT_EQ(
      delivery::sign(*key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, R"({"test": 2432232314})"),
      "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  EXPECT_FALSE(delivery::signing_key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
  EXPECT_FALSE(delivery::signing_key("whsec_***"));
}

TEST(EventId, SameChangeSameIdAnythingElseDiffers) {
  events::Change c;
  c.tenant = "acme";
  c.store_id = "st_1";
  c.entity = Entity::order;
  c.data = boost::json::object{{"id", "42"}, {"updated_at", "2026-11-24T10:00:00Z"}};
  const auto id = events::event_id_for(c, 1795514400000, "abcd");
  EXPECT_EQ(id, events::event_id_for(c, 1795514400000, "abcd"));
  EXPECT_EQ(id.size(), 4u + 26u);
  EXPECT_TRUE(id.starts_with("evt_"));
  EXPECT_NE(id, events::event_id_for(c, 1795514401000, "abcd"));
  EXPECT_NE(id, events::event_id_for(c, 1795514400000, "abce"));
  events::Change other = c;
  other.tenant = "globex";
  EXPECT_NE(id, events::event_id_for(other, 1795514400000, "abcd"));
  other = c;
  other.derived = EventType::cart_abandoned;
  EXPECT_NE(id, events::event_id_for(other, 1795514400000, "abcd"));
  // A cart's abandonment is one per version, however the cart was read when it was noticed.
  EXPECT_EQ(events::event_id_for(other, 1795514400000, "abcd"),
            events::event_id_for(other, 1795514400000, "ffff"));
  EXPECT_NE(events::event_id_for(other, 1795514400000, "abcd"),
            events::event_id_for(other, 1795514460000, "abcd"));
}

TEST(CartTransitions, DerivedWhereThePlatformAnnouncesNeitherButCanListAndReadCarts) {
  const auto manifest_of = [](std::string_view platform) {
    for (auto make : builtin_connector_factories()) {
      auto c = make();
      if (c->manifest().platform == platform) return c->manifest();
    }
    ADD_FAILURE() << platform;
    return Manifest{};
  };
  for (const char* derives : {"magento", "shopify"}) {
    EXPECT_TRUE(events::derives_abandonment(manifest_of(derives))) << derives;
    EXPECT_TRUE(events::derives_conversion(manifest_of(derives))) << derives;
  }
  // BigCommerce announces both by webhook; WooCommerce core has no carts at all.
  for (const char* neither : {"bigcommerce", "woocommerce"}) {
    EXPECT_FALSE(events::derives_abandonment(manifest_of(neither))) << neither;
    EXPECT_FALSE(events::derives_conversion(manifest_of(neither))) << neither;
  }
  // The window: the store's own setting in minutes, else the deployment's.
  EventsConfig config;
  EXPECT_EQ(events::abandon_window({}, config), config.abandon_after);
  EXPECT_EQ(events::abandon_window({{"abandon_after_minutes", "90"}}, config),
            std::chrono::minutes(90));
  EXPECT_EQ(events::abandon_window({{"abandon_after_minutes", "0"}}, config), config.abandon_after);
  for (const char* bad : {"", "0", "43201", "1.5", "-3", "12x"})
    EXPECT_FALSE(events::abandon_minutes(bad).has_value()) << bad;

  events::Change c;
  c.data = boost::json::object{{"status", "active"}};
  c.derived = EventType::cart_abandoned;
  events::mark_derived_status(c);
  EXPECT_EQ(c.data.at("status"), "abandoned");
  c.derived = EventType::cart_converted;
  events::mark_derived_status(c);
  EXPECT_EQ(c.data.at("status"), "converted");
}

TEST(RetrySchedule, ParsesDurationsWithUnits) {
  using std::chrono::milliseconds;
  auto d = parse_duration_list("250ms, 5s,5m,2h");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, (std::vector<milliseconds>{milliseconds(250), milliseconds(5000),
                                           milliseconds(300000), milliseconds(7200000)}));
  for (const char* bad : {"", "5", "5x", "s", "5s,,5s", "-5s", "99999999999h"}) {
    EXPECT_FALSE(parse_duration_list(bad)) << bad;
  }
}

}  // namespace
}  // namespace cartgate

namespace cartgate {
namespace {

TEST(WebhookPlan, CreatesMissingReenablesDisabledRemovesExtrasAndLeavesOthersAlone) {
  const std::string ours = "https://gw.example.com/v1/ingest/woocommerce/st_1";
  const std::vector<sdk::PlatformWebhook> existing{
      {"1", "order.created", ours, true},
      {"2", "order.updated", ours, false},                        // disabled by the platform
      {"3", "order.created", ours, true},                         // a duplicate
      {"4", "coupon.created", ours, true},                        // ours, no longer wanted
      {"5", "order.created", "https://merchant.example/x", true}  // the merchant's own
  };
  auto plan =
      sdk::plan_webhooks(existing, {"order.created", "order.updated", "product.created"}, ours);
  EXPECT_EQ(plan.kept, 1);
  EXPECT_EQ(plan.reactivate, std::vector<std::string>{"2"});
  EXPECT_EQ(plan.remove, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(plan.create, std::vector<std::string>{"product.created"});

  sdk::WebhookPlan back;
  ASSERT_TRUE(sdk::decode_plan(sdk::encode_plan(plan), back));
  EXPECT_EQ(back.create, plan.create);
  EXPECT_EQ(back.remove, plan.remove);
  EXPECT_EQ(back.kept, plan.kept);
  EXPECT_FALSE(sdk::decode_plan("{\"create\":[1]}", back));
  EXPECT_EQ(sdk::ours(existing, ours).size(), 4u);
}

}  // namespace
}  // namespace cartgate
