// customer.add end to end (customer_fixture.hpp): a new customer on each platform, exactly once
// under retries and replays, each platform's refusals passed on with nothing added, and the new
// customer seen as one api event.
#include "customer_fixture.hpp"

namespace cartgate::test {
namespace {

class CustomerAdds : public CustomerApi {
 protected:
  HttpResult add(json::object customer, const std::string& key = "") {
    customer["store_id"] = store_;
    return post("customer.add", customer, key);
  }

  // Adds a customer under a key (with capitals and spaces in the address), replays it, reuses
  // the key for another, and adds the address again: one new customer, read back as
  // customer.info reads it; the platform's refusal of the taken address says `taken_says`.
  void expect_one_new_customer(const std::string& name, std::string_view taken_says) {
    const json::value before = count();
    json::object body{
        {"email", "  " + name + "@Example.com "}, {"first_name", "Ada"}, {"last_name", "Lovelace"}};
    if (platform_ != "magento") body["phone"] = "+44 20 7946 0000";
    auto first = add(body, name);
    ASSERT_EQ(first.status, 200) << first.body;
    const json::value written = first.json().at("data");
    EXPECT_EQ(written.at("email").as_string(), name + "@example.com") << written;
    EXPECT_EQ(written.at("first_name"), "Ada") << written;
    EXPECT_EQ(written.at("last_name"), "Lovelace") << written;
    if (platform_ != "magento") {
      EXPECT_EQ(written.at("phone"), platform_ == "shopify" ? "+442079460000" : "+44 20 7946 0000")
          << written;
    }
    const std::string id(written.at("id").as_string());
    EXPECT_EQ(info(id).at("email"), written.at("email"));

    auto again = add(body, name);
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(again.json().at("data"), written);
    body["first_name"] = "Augusta";
    auto other = add(body, name);
    EXPECT_EQ(other.status, 422) << other.body;
    EXPECT_EQ(other.json().at("code"), "idempotency_key_reused") << other.body;

    auto taken = add(json::object{
        {"email", name + "@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}});
    EXPECT_EQ(taken.status, 422) << taken.body;
    EXPECT_EQ(taken.json().at("code"), "platform_rejected") << taken.body;
    EXPECT_NE(taken.body.find(taken_says), std::string::npos) << taken.body;
    EXPECT_EQ(count().as_int64(), before.as_int64() + 1);
  }

  // The gateway's own refusals: nothing is sent, nothing added.
  void expect_gateway_refusals() {
    const json::value before = count();
    const auto refused = [&](const json::object& body, std::string_view code,
                             std::string_view says) {
      auto r = add(body);
      EXPECT_EQ(r.status, 400) << json::serialize(body) << " " << r.body;
      EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
      EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
    };
    refused({{"first_name", "Ada"}}, "invalid_parameter", "'email' is required");
    refused({{"email", "ada@"}}, "invalid_parameter", "not an e-mail address");
    refused({{"email", "ada@example.com"}, {"last_name", ""}}, "invalid_parameter",
            "'last_name' is empty");
    refused({{"email", "ada@example.com"}, {"first_name", "A\tda"}}, "invalid_parameter",
            "control character");
    refused({{"email", "ada@example.com"}, {"id", "5"}}, "unknown_parameter", "id");
    EXPECT_EQ(count(), before);
  }

  // A POST whose answer comes after the gateway gave up: the outcome is unknown, and the retry
  // under the same key finds the customer the first attempt made instead of adding another.
  void expect_late_answer_finished_by_the_retry(const std::string& name) {
    const json::value before = count();
    sandbox_->control("POST", target_, "faults",
                      json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
    const json::object body{
        {"email", name + "@example.com"}, {"first_name", "Mary"}, {"last_name", "Somerville"}};
    auto lost = add(body, name);
    ASSERT_EQ(lost.status, 504) << lost.body;
    EXPECT_EQ(lost.json().at("code"), "write_outcome_unknown");
    sandbox_->control("POST", target_, "faults", json::object{});
    std::this_thread::sleep_for(2500ms);  // the late answer is sent; the customer is there
    auto retried = add(body, name);
    ASSERT_EQ(retried.status, 200) << retried.body;
    EXPECT_EQ(retried.json().at("data").at("email").as_string(), name + "@example.com");
    EXPECT_EQ(retried.json().at("data").at("last_name"), "Somerville");
    EXPECT_EQ(count().as_int64(), before.as_int64() + 1) << "added once";
    auto replayed = add(body, name);
    EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
  }

  // Consent to marketing e-mail given on a new customer, withdrawn and given again by
  // customer.update; each answer and customer.info agree. `withdrawn_reads`: how the platform
  // keeps a withdrawn consent (Shopify: unsubscribed; a yes-or-no flag: not_subscribed).
  void expect_marketing_consent(const std::string& name, std::string_view withdrawn_reads) {
    auto added = add(json::object{{"email", name + "@example.com"},
                                  {"first_name", "Ada"},
                                  {"last_name", "King"},
                                  {"email_marketing", "subscribed"}});
    ASSERT_EQ(added.status, 200) << added.body;
    EXPECT_EQ(added.json().at("data").at("email_marketing"), "subscribed") << added.body;
    const std::string id(added.json().at("data").at("id").as_string());
    const auto consent = [&](const char* value) {
      auto r = post("customer.update", update(store_, id, {{"email_marketing", value}}));
      EXPECT_EQ(r.status, 200) << r.body;
      return r.status == 200 ? r.json().at("data").at("email_marketing") : json::value(nullptr);
    };
    EXPECT_EQ(consent("unsubscribed").as_string(), withdrawn_reads);
    EXPECT_EQ(info(id).at("email_marketing").as_string(), withdrawn_reads);
    // Together with a name: both are made.
    auto both =
        post("customer.update",
             update(store_, id, {{"last_name", "Lovelace"}, {"email_marketing", "subscribed"}}));
    ASSERT_EQ(both.status, 200) << both.body;
    EXPECT_EQ(both.json().at("data").at("email_marketing"), "subscribed");
    EXPECT_EQ(both.json().at("data").at("last_name"), "Lovelace");
    auto pending = post("customer.update", update(store_, id, {{"email_marketing", "pending"}}));
    EXPECT_EQ(pending.status, 400) << pending.body;
  }

  // A customer added (the platform's webhook, or the poll, brings it) comes back as one
  // customer.add event marked as the write's. `answer_late`: the store answers the write 1.5 s
  // after it saved the customer and sent its webhook, so the event is written while the write
  // still runs and knows the customer by its address alone (the creation mark).
  void expect_one_added_customer_event(const std::string& name, bool answer_late) {
    if (answer_late) {
      sandbox_->control("POST", target_, "faults",
                        json::object{{"api", json::object{{"late_answer_ms", 1500}}}});
    }
    const std::string key = name + "-signup";
    auto written = add(
        json::object{{"email", name + "@example.com"}, {"first_name", "Ada"}, {"last_name", "L"}},
        key);
    sandbox_->control("POST", target_, "faults", json::object{});
    ASSERT_EQ(written.status, 200) << written.body;
    const std::string id(written.json().at("data").at("id").as_string());
    const std::vector<json::value> ours = settled_events("customer.add", id);
    ASSERT_EQ(ours.size(), 1u);
    EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
    EXPECT_EQ(ours[0].at("origin").at("request_id").as_string(), written.header("X-Request-Id"))
        << ours[0];
    EXPECT_EQ(ours[0].at("origin").at("idempotency_key").as_string(), key) << ours[0];
    EXPECT_TRUE(events_of("customer.update", id).empty());
  }
};

TEST_F(CustomerAdds, OnWooCommerceACustomerIsAddedOnce) {
  start(20s, {}, "woocommerce");
  expect_one_new_customer("woo-ada", "An account is already registered with");
  if (HasFatalFailure()) return;
  expect_gateway_refusals();
}

TEST_F(CustomerAdds, OnWooCommerceAStoreThatAsksForPasswordsRefusesTheCustomer) {
  // WooCommerce requires a password when the store does not make one (its option
  // woocommerce_registration_generate_password is "no"): the gateway sends none, and passes
  // the refusal on.
  start(20s, {}, "woocommerce");
  sandbox_->control("POST", target_, "settings",
                    json::object{{"registration_generate_password", "no"}});
  const json::value before = count();
  auto r = add(json::object{{"email", "pw.woo@example.com"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("code"), "platform_rejected") << r.body;
  EXPECT_NE(r.body.find("Missing parameter(s): password"), std::string::npos) << r.body;
  EXPECT_EQ(count(), before);
  sandbox_->control("POST", target_, "settings",
                    json::object{{"registration_generate_password", "yes"}});
}

TEST_F(CustomerAdds, OnWooCommerceALateAnswerIsFinishedByTheRetry) {
  start(2s, {}, "woocommerce");
  expect_late_answer_finished_by_the_retry("late-woo");
}

TEST_F(CustomerAdds, OnWooCommerceANewCustomerComesBackAsOneApiEvent) {
  listen_for("woocommerce", "customer.created");
  if (HasFatalFailure()) return;
  expect_one_added_customer_event("event-add-woo", true);
}

TEST_F(CustomerAdds, OnBigCommerceACustomerIsAddedOnce) {
  start(20s, {}, "bigcommerce");
  expect_one_new_customer("bc-ada", "already in use");
  if (HasFatalFailure()) return;
  // BigCommerce requires both names: refused before anything is sent.
  const json::value before = count();
  auto unnamed = add(json::object{{"email", "unnamed.bc@example.com"}, {"first_name", "Ada"}});
  EXPECT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_EQ(unnamed.json().at("code"), "write_not_possible") << unnamed.body;
  sandbox_->control("POST", target_, "settings", json::object{{"customers_scope", "read_only"}});
  auto denied = add(json::object{
      {"email", "denied.bc@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}});
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_EQ(denied.json().at("code"), "store_permission_denied") << denied.body;
  sandbox_->control("POST", target_, "settings", json::object{{"customers_scope", "modify"}});
  EXPECT_EQ(count(), before);
}

TEST_F(CustomerAdds, OnBigCommerceALateAnswerIsFinishedByTheRetry) {
  start(2s, {}, "bigcommerce");
  expect_late_answer_finished_by_the_retry("late-bc");
}

TEST_F(CustomerAdds, OnBigCommerceANewCustomerComesBackAsOneApiEvent) {
  listen_for("bigcommerce", "store/customer/created");
  if (HasFatalFailure()) return;
  expect_one_added_customer_event("event-add-bc", true);
}

TEST_F(CustomerAdds, OnShopifyACustomerIsAddedOnce) {
  start(20s, {}, "shopify");
  expect_one_new_customer("shop-ada", "Email has already been taken");
  if (HasFatalFailure()) return;
  const json::value before = count();
  auto bad_phone = add(json::object{{"email", "phone.shop@example.com"}, {"phone", "020 7946"}});
  EXPECT_EQ(bad_phone.status, 422) << bad_phone.body;
  EXPECT_NE(bad_phone.body.find("Phone is invalid"), std::string::npos) << bad_phone.body;
  sandbox_->control("POST", target_, "settings", json::object{{"access_scopes", kShopifyScopes}});
  auto denied = add(json::object{{"email", "denied.shop@example.com"}});
  EXPECT_EQ(denied.status, 502) << denied.body;
  EXPECT_NE(denied.body.find("write_customers"), std::string::npos) << denied.body;
  EXPECT_EQ(count(), before);
}

TEST_F(CustomerAdds, OnShopifyALateAnswerIsFinishedByTheRetry) {
  start(2s, {}, "shopify");
  expect_late_answer_finished_by_the_retry("late-shop");
}

TEST_F(CustomerAdds, OnShopifyANewCustomerComesBackAsOneApiEvent) {
  listen_for("shopify", "customers/create");
  if (HasFatalFailure()) return;
  expect_one_added_customer_event("event-add-shop", true);
}

TEST_F(CustomerAdds, OnMagentoACustomerIsAddedOnce) {
  start(20s, {}, "magento");
  expect_one_new_customer("mage-ada", "same email address already exists");
  if (HasFatalFailure()) return;
  const json::value before = count();
  auto phone = add(json::object{{"email", "phone.mage@example.com"},
                                {"first_name", "Ada"},
                                {"last_name", "King"},
                                {"phone", "+44 20 7946 0958"}});
  EXPECT_EQ(phone.status, 422) << phone.body;  // a phone needs an address to hold it
  EXPECT_NE(phone.body.find("default_address"), std::string::npos) << phone.body;
  auto unnamed = add(json::object{{"email", "unnamed.mage@example.com"}});
  EXPECT_EQ(unnamed.status, 422) << unnamed.body;
  EXPECT_EQ(unnamed.json().at("code"), "write_not_possible") << unnamed.body;
  EXPECT_EQ(count(), before);
  // createAccount is open to anonymous callers on Magento: a key without the customer ACL adds
  // a customer all the same.
  sandbox_->control("POST", target_, "settings",
                    json::object{{"denied_resources", "Magento_Customer::manage"}});
  auto anyway = add(json::object{
      {"email", "acl.mage@example.com"}, {"first_name", "Ada"}, {"last_name", "King"}});
  EXPECT_EQ(anyway.status, 200) << anyway.body;
  sandbox_->control("POST", target_, "settings", json::object{{"denied_resources", ""}});
}

TEST_F(CustomerAdds, OnMagentoALateAnswerIsFinishedByTheRetry) {
  start(2s, {}, "magento");
  expect_late_answer_finished_by_the_retry("late-mage");
}

TEST_F(CustomerAdds, MarketingConsentIsWrittenWhereThePlatformKeepsOne) {
  for (const auto& [platform, withdrawn] :
       {std::pair{"shopify", "unsubscribed"}, std::pair{"bigcommerce", "not_subscribed"},
        std::pair{"magento", "not_subscribed"}}) {
    SCOPED_TRACE(platform);
    start(20s, {}, platform);
    expect_marketing_consent(std::string("consent-") + platform, withdrawn);
    if (HasFatalFailure()) return;
  }
  // WooCommerce keeps none: refused before anything is sent, and nothing is added.
  start(20s, {}, "woocommerce");
  const json::value before = count();
  auto r =
      add(json::object{{"email", "consent.woo@example.com"}, {"email_marketing", "subscribed"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json().at("code"), "not_supported_by_platform") << r.body;
  EXPECT_EQ(count(), before);
  EXPECT_TRUE(info("1").at("email_marketing").is_null());
}

TEST_F(CustomerAdds, OnMagentoANewCustomerIsPolledAsOneApiEvent) {
  // Magento announces nothing: the poll finds the new customer, marked as the write's.
  start(20s, {{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"}}, "magento");
  std::this_thread::sleep_for(1500ms);  // the first poll records where it starts
  expect_one_added_customer_event("event-add-mage", false);
}

}  // namespace
}  // namespace cartgate::test
