// The pure parts of the event pipeline: who may be connected to, how deliveries are signed,
// how event ids and retry schedules are derived.
#include <boost/asio/ip/address.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cartgate/connector_registration.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

#include "config/config.hpp"
#include "delivery/signature.hpp"
#include "events/cart_tracker.hpp"
#include "events/event_writer.hpp"
#include "events/subscriber_url.hpp"
#include "outbound/address_policy.hpp"

namespace cartgate {
namespace {

using boost::asio::ip::make_address;
using outbound::AddressPolicy;

TEST(AddressPolicy, OnlyPublicUnicastIsPublic) {
  for (const char* ok : {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"}) {
    EXPECT_TRUE(AddressPolicy::is_public(make_address(ok))) << ok;
  }
  for (const char* bad : {"127.0.0.1",
                          "10.1.2.3",
                          "172.16.0.1",
                          "192.168.1.1",
                          "169.254.169.254",
                          "100.64.0.1",
                          "0.0.0.0",
                          "224.0.0.1",
                          "255.255.255.255",
                          "192.0.2.1",
                          "198.18.0.1",
                          "::1",
                          "::",
                          "fe80::1",
                          "fc00::1",
                          "fd12::1",
                          "ff02::1",
                          "::ffff:10.0.0.1",
                          "::ffff:127.0.0.1",
                          "64:ff9b::a00:1",
                          "2002:a00:1::",
                          "2001:db8::1"}) {
    EXPECT_FALSE(AddressPolicy::is_public(make_address(bad))) << bad;
  }
}

TEST(AddressPolicy, AllowlistOpensOnlyItsRanges) {
  auto none = AddressPolicy::parse("");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->allowed(make_address("127.0.0.1")));
  EXPECT_TRUE(none->allowed(make_address("8.8.8.8")));
  auto dev = AddressPolicy::parse("127.0.0.0/8, ::1/128");
  ASSERT_TRUE(dev);
  EXPECT_TRUE(dev->allowed(make_address("127.0.0.5")));
  EXPECT_TRUE(dev->allowed(make_address("::1")));
  EXPECT_FALSE(dev->allowed(make_address("10.0.0.1")));
  EXPECT_FALSE(dev->allowed(make_address("169.254.169.254")));
  for (const char* bad : {"127.0.0.0/33", "nope", "10.0.0.0/", "/8", "::1/129"}) {
    EXPECT_FALSE(AddressPolicy::parse(bad)) << bad;
  }
}

TEST(SubscriberUrl, HttpsWithoutCredentialsAndNoPrivateLiterals) {
  using events::check_subscriber_url;
  const auto accepted = [](std::string_view url, std::string_view allow = "") {
    return std::holds_alternative<std::string>(check_subscriber_url(url, allow));
  };
  EXPECT_TRUE(accepted("https://backend.example.com/hooks?x=1"));
  EXPECT_TRUE(accepted("https://8.8.8.8/x"));
  EXPECT_FALSE(accepted("http://backend.example.com/"));
  EXPECT_FALSE(accepted("https://u:p@backend.example.com/"));
  EXPECT_FALSE(accepted("https://backend.example.com/#frag"));
  EXPECT_FALSE(accepted("https://127.0.0.1/"));
  EXPECT_FALSE(accepted("https://[::ffff:169.254.169.254]/"));
  EXPECT_FALSE(accepted("ftp://example.com/"));
  EXPECT_FALSE(accepted("/relative"));
  // Local development: the allowlist opens its range and plain http.
  EXPECT_TRUE(accepted("http://127.0.0.1:9000/hook", "127.0.0.0/8"));
  EXPECT_FALSE(accepted("http://10.0.0.1/hook", "127.0.0.0/8"));
}

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
