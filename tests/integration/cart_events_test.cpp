// Carts through the event pipeline, with real gateway, sandbox and subscriber processes: the
// cart index that serves BigCommerce and Shopify carts, and the cart.abandoned/cart.converted
// events the gateway derives where the platform does not announce them.

#include "integration/event_pipeline_fixture.hpp"
#include "support/redis_sync.hpp"
#include "support/test_clock.hpp"

namespace cartgate::test {
namespace {

class CartEvents : public EventPipeline {
 protected:
  static std::vector<json::object> of(const json::array& log, std::string_view type,
                                      const std::string& id) {
    std::vector<json::object> out;
    for (const auto& e : log) {
      const auto& o = e.as_object();
      if (o.at("type").as_string() == type && o.at("entity_id").is_string() &&
          o.at("entity_id").as_string() == id) {
        out.push_back(o);
      }
    }
    return out;
  }
  HttpResult api(const std::string& method, const std::string& query) {
    return http_request(gw_->port(), "GET", "/v1/" + method + "?" + query, {{"x-api-key", key_}});
  }
  std::string sandbox_id(const std::string& platform) const {
    return std::string(sandbox_->store(platform).at("id").as_string());
  }
};

// Carts whose abandonment the gateway derives, with the production window
// (events.abandon_after, 60 minutes) and a wall clock the test moves: the gateway, the sandbox
// stores and the subscriber all follow it, so a cart goes idle for an hour in an instant.
class CartsOnATestClock : public CartEvents {
 protected:
  static void SetUpTestSuite() {
    clock_ = new TestClock();
    EventPipeline::SetUpTestSuite();  // the sandbox stores, on the clock
  }
  static void TearDownTestSuite() {
    EventPipeline::TearDownTestSuite();
    delete clock_;
    clock_ = nullptr;
  }
  // Past a window of `minutes` (events.abandon_after: 60 by default).
  static void pass_the_abandonment_window(int minutes = 60) {
    clock_->advance(std::chrono::minutes(minutes + 1));
  }
  // Long enough for several cart-watch rounds and polls to have looked (and found nothing).
  static void let_the_gateway_look() { std::this_thread::sleep_for(1500ms); }

  static TestClock* clock_;
};
TestClock* CartsOnATestClock::clock_ = nullptr;

// Every delivered envelope is valid schema v1 and verified with the standardwebhooks library.
void expect_sound(const std::vector<json::object>& events) {
  for (const auto& e : events) {
    EXPECT_TRUE(e.at("verified").as_bool());
    EXPECT_TRUE(e.at("schema_valid").as_bool()) << e.at("schema_errors");
  }
}

TEST_F(CartEvents, BigCommerceCartsAreIndexedFromWebhooksAndServedByCartList) {
  SubscriberProcess subscriber;
  const auto [bc, store, callback] =
      connect_with_webhooks("bigcommerce", kBigCommerceTopics, subscriber);
  ASSERT_FALSE(HasFailure());
  std::vector<std::string> carts;
  for (int i = 0; i < 3; ++i) {
    auto created = sandbox_->control(
        "POST", bc, "carts", json::object{{"email", "Buyer" + std::to_string(i) + "@x.io"}});
    ASSERT_EQ(created.status, 201) << created.body;
    carts.emplace_back(created.json().at("id").as_string());
    std::this_thread::sleep_for(1100ms);  // distinct creation seconds: a stable list order
  }
  auto log = wait_log(subscriber, [&](const json::array& l) {
    return std::all_of(carts.begin(), carts.end(),
                       [&](const auto& id) { return !of(l, "cart.add", id).empty(); });
  });
  for (const auto& id : carts) {
    const auto added = of(log, "cart.add", id);
    ASSERT_EQ(added.size(), 1u) << id;
    expect_sound(added);
  }

  // BigCommerce has no cart listing: the index answers, oldest first, paged by cursor.
  auto first = api("cart.list", "store_id=" + store + "&limit=2");
  ASSERT_EQ(first.status, 200) << first.body;
  const auto page1 = first.json();
  ASSERT_EQ(page1.at("data").as_array().size(), 2u) << first.body;
  EXPECT_EQ(page1.at("data").at(0).at("id"), carts[0].c_str());
  EXPECT_EQ(page1.at("data").at(1).at("id"), carts[1].c_str());
  EXPECT_EQ(page1.at("data").at(0).at("identity").at("email"), "buyer0@x.io");
  ASSERT_TRUE(page1.at("pagination").at("has_more").as_bool());
  const std::string cursor(page1.at("pagination").at("next_cursor").as_string());
  auto second = api("cart.list", "cursor=" + cursor);
  ASSERT_EQ(second.status, 200) << second.body;
  const auto page2 = second.json();
  ASSERT_EQ(page2.at("data").as_array().size(), 1u) << second.body;
  EXPECT_EQ(page2.at("data").at(0).at("id"), carts[2].c_str());
  EXPECT_FALSE(page2.at("pagination").at("has_more").as_bool());

  // store/cart/abandoned: the event and the index both say abandoned.
  ASSERT_EQ(sandbox_->control("POST", bc, "carts/" + carts[0] + "/abandon", json::object{}).status,
            200);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.abandoned", carts[0]).empty(); });
  const auto abandoned = of(log, "cart.abandoned", carts[0]);
  ASSERT_EQ(abandoned.size(), 1u);
  expect_sound(abandoned);
  EXPECT_EQ(abandoned[0].at("envelope").at("data").at("status"), "abandoned");
  auto only_abandoned = api("cart.list", "store_id=" + store + "&abandoned=true");
  ASSERT_EQ(only_abandoned.status, 200) << only_abandoned.body;
  ASSERT_EQ(only_abandoned.json().at("data").as_array().size(), 1u) << only_abandoned.body;
  EXPECT_EQ(only_abandoned.json().at("data").at(0).at("id"), carts[0].c_str());

  // store/cart/converted: BigCommerce no longer returns the cart, the index still knows it.
  auto converted = sandbox_->control("POST", bc, "carts/" + carts[1] + "/convert", json::object{});
  ASSERT_EQ(converted.status, 201) << converted.body;
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.converted", carts[1]).empty(); });
  const auto bought = of(log, "cart.converted", carts[1]);
  ASSERT_EQ(bought.size(), 1u);
  expect_sound(bought);
  EXPECT_EQ(bought[0].at("envelope").at("data").at("status"), "converted");
  EXPECT_EQ(bought[0].at("identity").at("email"), "buyer1@x.io");
  auto info = api("cart.info", "store_id=" + store + "&id=" + carts[1]);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json().at("data").at("status"), "converted");
  auto unknown = api("cart.info", "store_id=" + store + "&id=00000000-0000-0000-0000-000000000000");
  EXPECT_EQ(unknown.status, 404) << unknown.body;

  // The platform announces both transitions: the gateway derives neither.
  auto how = api("webhook.events", "store_id=" + store).json();
  EXPECT_EQ(how.at("data").at("bigcommerce").at("cart.abandoned").at("via"), "webhook");

  // store.delete takes the store's indexed carts with it.
  RedisSync redis(test_redis_url());
  const std::string ns = gw_->env().at("CARTGATE_REDIS_NAMESPACE");
  EXPECT_FALSE(redis.keys(ns + ":*:cart:" + store + ":*").empty());
  auto deleted = post("store.delete", json::object{{"store_id", store}});
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_TRUE(redis.keys(ns + ":*:cart:" + store + ":*").empty());
  EXPECT_TRUE(redis.keys(ns + ":*:carts:" + store).empty());
}

TEST_F(CartsOnATestClock, ShopifyCartsComeByWebhookAndAbandonedCheckoutsAreDerivedOnce) {
  SubscriberProcess subscriber;
  const auto [shop, store, callback] = connect_with_webhooks(
      "shopify", 8, subscriber, {{"CARTGATE_EVENTS_POLL_SAFETY_INTERVAL_MS", "500"}});
  ASSERT_FALSE(HasFailure());
  auto created = sandbox_->control("POST", shop, "carts", json::object{{"lines", 2}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart_id(created.json().at("id").as_string());
  const std::string token(created.json().at("token").as_string());
  auto log =
      wait_log(subscriber, [&](const json::array& l) { return !of(l, "cart.add", token).empty(); });
  auto added = of(log, "cart.add", token);
  ASSERT_EQ(added.size(), 1u);
  expect_sound(added);
  EXPECT_EQ(added[0].at("source"), "webhook");
  const auto& cart = added[0].at("envelope").at("data");
  EXPECT_EQ(cart.at("status"), "active");
  EXPECT_EQ(cart.at("line_items").as_array().size(), 2u);
  EXPECT_TRUE(cart.at("identity").at("guest").as_bool());

  // A line more: carts/update, then cart.info by token answers from the index.
  ASSERT_EQ(sandbox_->control("POST", shop, "carts/" + cart_id, json::object{{"lines", 1}}).status,
            200);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.update", token).empty(); });
  auto info = api("cart.info", "store_id=" + store + "&id=" + token);
  ASSERT_EQ(info.status, 200) << info.body;
  EXPECT_EQ(info.json().at("data").at("line_items").as_array().size(), 3u) << info.body;

  // The shopper leaves at checkout: the abandoned checkout is polled, stays unchanged for the
  // window, is re-read from Shopify and announced abandoned exactly once.
  auto left = sandbox_->control("POST", shop, "carts/" + cart_id + "/abandon", json::object{});
  ASSERT_EQ(left.status, 200) << left.body;
  log = wait_log(subscriber, [&](const json::array& l) {
    return std::any_of(l.begin(), l.end(), [](const json::value& e) {
      return e.at("type") == "cart.add" && e.at("source") == "poll";
    });
  });
  pass_the_abandonment_window();
  std::string checkout;
  log = wait_log(subscriber, [&](const json::array& l) {
    for (const auto& e : l) {
      if (e.at("type") == "cart.abandoned") checkout = id_text(e.at("entity_id"));
    }
    return !checkout.empty();
  });
  ASSERT_FALSE(checkout.empty());
  const auto checkout_added = of(log, "cart.add", checkout);
  ASSERT_EQ(checkout_added.size(), 1u) << json::serialize(log);
  EXPECT_EQ(checkout_added[0].at("source"), "poll");
  pass_the_abandonment_window();  // and another hour: still one announcement
  let_the_gateway_look();
  log = subscriber.log();
  const auto abandoned = of(log, "cart.abandoned", checkout);
  ASSERT_EQ(abandoned.size(), 1u) << json::serialize(log);
  expect_sound(abandoned);
  EXPECT_EQ(abandoned[0].at("source"), "poll");
  EXPECT_EQ(abandoned[0].at("envelope").at("data").at("status"), "abandoned");
  EXPECT_TRUE(of(log, "cart.abandoned", token).empty()) << "a cart by token cannot be re-read";

  // Bought at last: the tracked checkout becomes cart.converted, once.
  ASSERT_EQ(sandbox_->control("POST", shop, "carts/" + cart_id + "/convert", json::object{}).status,
            201);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.converted", checkout).empty(); });
  std::this_thread::sleep_for(1500ms);
  log = subscriber.log();
  EXPECT_EQ(of(log, "cart.converted", checkout).size(), 1u) << json::serialize(log);
  expect_sound(of(log, "cart.converted", checkout));

  auto how = api("webhook.events", "store_id=" + store).json();
  EXPECT_EQ(how.at("data").at("shopify").at("cart.add").at("via"), "webhook");
  EXPECT_EQ(how.at("data").at("shopify").at("cart.abandoned").at("via"), "gateway");
}

TEST_F(CartsOnATestClock, MagentoCartsAreAbandonedOncePerVersionAndConverted) {
  // A 30-minute window: Magento's own mapping calls a cart idle for 60 minutes abandoned too
  // (docs/schema.md), and a poll after the hour would read the same version with that status.
  constexpr int kWindowMinutes = 30;
  start_gateway({{"CARTGATE_EVENTS_ABANDON_AFTER_MS", std::to_string(kWindowMinutes * 60'000)}});
  SubscriberProcess subscriber;
  subscribe(subscriber, json::object{{"event_types",
                                      "cart.add,cart.update,cart.abandoned,"
                                      "cart.converted"}});
  const std::string store = add("magento");
  const std::string mage = sandbox_id("magento");
  std::this_thread::sleep_for(1500ms);  // the store is tracked from its first poll on
  auto created = sandbox_->control("POST", mage, "carts", json::object{{"email", "m@x.io"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart_id = id_text(created.json().at("id"));
  auto log = wait_log(subscriber,
                      [&](const json::array& l) { return !of(l, "cart.add", cart_id).empty(); });
  pass_the_abandonment_window(kWindowMinutes);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.abandoned", cart_id).empty(); });
  ASSERT_EQ(of(log, "cart.add", cart_id).size(), 1u) << json::serialize(log);
  auto abandoned = of(log, "cart.abandoned", cart_id);
  ASSERT_EQ(abandoned.size(), 1u);
  expect_sound(abandoned);
  EXPECT_EQ(abandoned[0].at("identity").at("email"), "m@x.io");

  // The shopper comes back an hour later: a new version, which is abandoned again (once more,
  // not twice).
  ASSERT_EQ(sandbox_->control("POST", mage, "carts/" + cart_id, json::object{{"lines", 1}}).status,
            200);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.update", cart_id).empty(); });
  pass_the_abandonment_window(kWindowMinutes);
  log = wait_log(subscriber, [&](const json::array& l) {
    return of(l, "cart.abandoned", cart_id).size() >= 2;
  });
  ASSERT_EQ(of(log, "cart.update", cart_id).size(), 1u) << json::serialize(log);
  abandoned = of(log, "cart.abandoned", cart_id);
  ASSERT_EQ(abandoned.size(), 2u);
  EXPECT_NE(abandoned[0].at("envelope").at("occurred_at"),
            abandoned[1].at("envelope").at("occurred_at"));

  // Bought: the poll sees the quote inactive, and the tracked cart becomes cart.converted.
  ASSERT_EQ(sandbox_->control("POST", mage, "carts/" + cart_id + "/convert", json::object{}).status,
            201);
  log = wait_log(subscriber,
                 [&](const json::array& l) { return !of(l, "cart.converted", cart_id).empty(); });
  pass_the_abandonment_window(kWindowMinutes);  // no abandonment of a sale
  let_the_gateway_look();
  log = subscriber.log();
  EXPECT_EQ(of(log, "cart.converted", cart_id).size(), 1u) << json::serialize(log);
  EXPECT_EQ(of(log, "cart.abandoned", cart_id).size(), 2u) << json::serialize(log);
  expect_sound(of(log, "cart.converted", cart_id));

  auto how = api("webhook.events", "store_id=" + store).json();
  EXPECT_EQ(how.at("data").at("magento").at("cart.abandoned").at("via"), "gateway");
  EXPECT_EQ(how.at("data").at("magento").at("cart.converted").at("via"), "gateway");
}

}  // namespace
}  // namespace cartgate::test
