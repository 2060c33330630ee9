// customer.update end to end (write_api_fixture.hpp): a customer's name, e-mail address and
// phone, each platform's refusals passed on, nothing changed by a refused write, and the change
// seen as one api event.
#include "customer_fixture.hpp"

namespace cartgate::test {
namespace {

class CustomerWrites : public CustomerApi {
 protected:
  HttpResult change(const std::string& id, json::object changes, const std::string& key = "") {
    return post("customer.update", update(store_, id, std::move(changes)), key);
  }

  // The customer's fields a write may change, to compare before and after a refusal.
  static json::object written_fields(const json::value& customer) {
    json::object out;
    for (const char* f : {"first_name", "last_name", "email", "phone", "updated_at"})
      out[f] = customer.at(f);
    return out;
  }

  void expect_refused(const std::string& id, json::object changes, int status,
                      std::string_view code, std::string_view says) {
    const json::object before = written_fields(info(id));
    auto r = change(id, changes);
    EXPECT_EQ(r.status, status) << json::serialize(changes) << " " << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
    EXPECT_EQ(written_fields(info(id)), before) << json::serialize(changes);
  }

  // The same sequence on any platform: names and phone under a key (and its replay), then a
  // new e-mail address; the customer read back as customer.info reads it each time.
  void expect_customer_updates(const std::string& key) {
    const std::string id = new_customer(key + "@example.com");
    const auto body = json::object{
        {"first_name", "Augusta"}, {"last_name", "King"}, {"phone", "+44 20 7946 0958"}};
    auto first = change(id, body, key);
    ASSERT_EQ(first.status, 200) << first.body;
    const json::value written = first.json().at("data");
    EXPECT_EQ(written.at("id").as_string(), id);
    EXPECT_EQ(written.at("first_name"), "Augusta") << written;
    EXPECT_EQ(written.at("last_name"), "King") << written;
    // Shopify keeps a phone as E.164; the others as sent.
    EXPECT_EQ(written.at("phone"), platform_ == "shopify" ? "+442079460958" : "+44 20 7946 0958")
        << written;
    EXPECT_EQ(written.at("email").as_string(), key + "@example.com") << written;
    EXPECT_EQ(written_fields(info(id)), written_fields(written));

    auto again = change(id, body, key);
    EXPECT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
    EXPECT_EQ(again.json().at("data"), written);
    auto other = change(id, {{"first_name", "Ada"}}, key);
    EXPECT_EQ(other.status, 422) << other.body;
    EXPECT_EQ(other.json().at("code"), "idempotency_key_reused") << other.body;

    // Sent with capitals and spaces, read back trimmed and lower-cased; the phone removed.
    auto moved = change(id, {{"email", "  Augusta." + key + "@Example.org "}, {"phone", ""}});
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(moved.json().at("data").at("email").as_string(), "augusta." + key + "@example.org");
    EXPECT_TRUE(moved.json().at("data").at("phone").is_null()) << moved.body;
    EXPECT_EQ(info(id).at("email").as_string(), "augusta." + key + "@example.org");
  }

  // Refusals every platform shares: the gateway's own (nothing sent), an unknown customer, and
  // another customer's e-mail address (the platform's, with its reason).
  void expect_common_refusals(std::string_view address_taken_says) {
    const std::string id = new_customer("grace." + platform_ + "@example.com");
    const std::string other = new_customer("alan." + platform_ + "@example.com");
    const json::value customers = count();
    expect_refused(id, {{"first_name", ""}}, 400, "invalid_parameter", "'first_name' is empty");
    expect_refused(id, {{"email", "grace@"}}, 400, "invalid_parameter", "not an e-mail address");
    expect_refused(id, {{"email", "a b@example.com"}}, 400, "invalid_parameter",
                   "not an e-mail address");
    expect_refused(id, {{"last_name", "Hop\nper"}}, 400, "invalid_parameter", "control character");
    expect_refused(id, {{"phone", 5551234}}, 400, "invalid_parameter", "must be a string");
    expect_refused(id, {{"company", "Navy"}}, 400, "unknown_parameter", "company");
    expect_refused(id, {}, 400, "invalid_parameter", "Nothing to change");
    expect_refused(id, {{"email", "alan." + platform_ + "@example.com"}}, 422, "platform_rejected",
                   address_taken_says);
    auto missing = change("987654", {{"first_name", "Nobody"}});
    EXPECT_EQ(missing.status, 404) << missing.body;
    auto not_numeric = change("abc", {{"first_name", "Nobody"}});
    EXPECT_EQ(not_numeric.status, 404) << not_numeric.body;
    EXPECT_EQ(count(), customers);  // nothing was created or lost by any of it
  }

  // A customer's change on `platform`, whose webhook `topic` the gateway subscribes to, comes
  // back as one customer.update event marked as the write's.
  void expect_one_customer_api_event(const std::string& platform, std::string_view topic) {
    listen_for(platform, topic);
    if (HasFatalFailure()) return;
    const std::string id = new_customer("event." + platform + "@example.com");
    await_creation("customer.add", id);
    if (HasFatalFailure()) return;
    const std::string key = platform + "-customer-rename";
    auto written = change(id, {{"last_name", "Lovelace"}}, key);
    ASSERT_EQ(written.status, 200) << written.body;
    const std::string request_id = written.header("X-Request-Id");
    const std::vector<json::value> ours = settled_events("customer.update", id);
    ASSERT_EQ(ours.size(), 1u);
    EXPECT_EQ(ours[0].at("data").at("last_name"), "Lovelace") << ours[0];
    EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
    EXPECT_EQ(ours[0].at("origin").at("request_id").as_string(), request_id) << ours[0];
    EXPECT_EQ(ours[0].at("origin").at("idempotency_key").as_string(), key) << ours[0];
  }
};

TEST_F(CustomerWrites, OnWooCommerceACustomerGetsANameAnAddressAndAPhone) {
  start(20s, {}, "woocommerce");
  expect_customer_updates("woo-ada");
}

TEST_F(CustomerWrites, OnWooCommerceTheCustomersOwnAddressInCapitalsIsNotRefused) {
  // WooCommerce refuses an address email_exists() finds unless it is byte for byte the
  // customer's own, and finds addresses without regard to case: the gateway leaves such an
  // address out instead of passing on "Email address is invalid.".
  start(20s, {}, "woocommerce");
  const std::string id = new_customer("mary.woo@example.com");
  auto r = change(id, {{"email", "Mary.Woo@Example.com"}, {"first_name", "Mary"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("data").at("email"), "mary.woo@example.com");
  EXPECT_EQ(r.json().at("data").at("first_name"), "Mary");
  auto alone = change(id, {{"email", "MARY.WOO@EXAMPLE.COM"}});
  EXPECT_EQ(alone.status, 200) << alone.body;
}

TEST_F(CustomerWrites, OnWooCommerceTheDefaultAddressIsTheBillingAddressReplacedWhole) {
  start(20s, {}, "woocommerce");
  const std::string id = new_customer("address.woo@example.com");
  const json::object address{
      {"first_name", "Ada"},  {"last_name", "King"},        {"address1", " 12 St James's Square "},
      {"city", "London"},     {"region_code", "LND"},       {"postal_code", "SW1Y 4LB"},
      {"country_code", "GB"}, {"phone", "+44 20 7946 0001"}};
  auto r = change(id, {{"default_address", address}});
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value written = r.json().at("data").at("default_address");
  EXPECT_EQ(written.at("address1"), "12 St James's Square") << written;  // trimmed
  EXPECT_EQ(written.at("region_code"), "LND") << written;
  EXPECT_EQ(written.at("country_code"), "GB") << written;
  EXPECT_TRUE(written.at("company").is_null()) << written;  // left out: cleared
  // The billing phone is the customer's phone.
  EXPECT_EQ(r.json().at("data").at("phone"), "+44 20 7946 0001");
  EXPECT_EQ(info(id).at("default_address"), written);
  // A phone sent beside the address wins over the address's.
  auto both = change(id, {{"default_address", address}, {"phone", "+44 20 7946 0002"}});
  ASSERT_EQ(both.status, 200) << both.body;
  EXPECT_EQ(both.json().at("data").at("default_address").at("phone"), "+44 20 7946 0002");
  // Refused before anything is sent: no street, no country, a country that is no code, a field
  // the schema's Address lacks.
  const json::object before = written_fields(info(id));
  for (const auto& [bad, says] :
       {std::pair{json::object{{"city", "London"}, {"country_code", "GB"}}, "address1"},
        std::pair{json::object{{"address1", "1 Main St"}}, "country_code"},
        std::pair{json::object{{"address1", "1 Main St"}, {"country_code", "gb"}}, "country_code"},
        std::pair{json::object{{"address1", "1 Main St"}, {"country_code", "GB"}, {"line3", "x"}},
                  "line3"}}) {
    auto refused = change(id, {{"default_address", bad}});
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_NE(refused.body.find(says), std::string::npos) << refused.body;
  }
  EXPECT_EQ(written_fields(info(id)), before);
  // A new customer with its address.
  auto added = post("customer.add", json::object{{"store_id", store_},
                                                 {"email", "new.address.woo@example.com"},
                                                 {"default_address", address}});
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json().at("data").at("default_address").at("city"), "London");
}

TEST_F(CustomerWrites, OnBigCommerceTheDefaultAddressIsTheFirstAddress) {
  // A customer without an address gets one (POST .../addresses); one with an address has it
  // replaced (PUT of its first address); the address names the customer when it names nobody.
  start(20s, {}, "bigcommerce");
  const std::string id = new_customer("address.bc@example.com");
  EXPECT_TRUE(info(id).at("default_address").is_null());
  json::object address{{"address1", "1 Main St"}, {"city", "Columbus"},   {"region", "Ohio"},
                       {"postal_code", "43004"},  {"country_code", "US"}, {"phone", "555-0100"}};
  auto added = change(id, {{"default_address", address}}, "bc-address");
  ASSERT_EQ(added.status, 200) << added.body;
  const json::value first = added.json().at("data").at("default_address");
  EXPECT_EQ(first.at("first_name"), "Ada") << first;  // the customer's name
  EXPECT_EQ(first.at("region"), "Ohio") << first;
  EXPECT_EQ(added.json().at("data").at("addresses").as_array().size(), 1u);
  auto replayed = change(id, {{"default_address", address}}, "bc-address");
  EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
  // Sent again without a key: the same address is no second one.
  auto again = change(id, {{"default_address", address}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("data").at("addresses").as_array().size(), 1u);
  address["address1"] = "2 High St";
  address.erase("phone");
  auto moved = change(id, {{"default_address", address}, {"last_name", "King"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  const json::value second = moved.json().at("data");
  EXPECT_EQ(second.at("default_address").at("address1"), "2 High St");
  EXPECT_TRUE(second.at("default_address").at("phone").is_null()) << "cleared";
  EXPECT_EQ(second.at("last_name"), "King");
  EXPECT_EQ(second.at("addresses").as_array().size(), 1u);
  // BigCommerce requires a postcode: its refusal, passed on.
  address.erase("postal_code");
  expect_refused(id, {{"default_address", address}}, 422, "platform_rejected", "postal_code");
  // A new customer with its address.
  address["postal_code"] = "43004";
  auto made = post("customer.add", json::object{{"store_id", store_},
                                                {"email", "new.address.bc@example.com"},
                                                {"first_name", "Ada"},
                                                {"last_name", "King"},
                                                {"default_address", address}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json().at("data").at("default_address").at("city"), "Columbus");
}

TEST_F(CustomerWrites, OnMagentoTheDefaultAddressIsSavedWithTheCustomerAndHoldsThePhone) {
  // Magento saves addresses with the customer, as a list that replaces the stored one: the
  // connector sends every address back, the default one replaced under its id; the customer's
  // phone is that address's telephone.
  start(20s, {}, "magento");
  const std::string id = new_customer("address.mage@example.com");
  EXPECT_TRUE(info(id).at("default_address").is_null());
  json::object address{{"address1", "1 Main St"}, {"city", "Austin"},       {"region_code", "TX"},
                       {"region", "Texas"},       {"postal_code", "78701"}, {"country_code", "US"},
                       {"phone", "512-555-0100"}};
  auto added = change(id, {{"default_address", address}}, "mage-address");
  ASSERT_EQ(added.status, 200) << added.body;
  const json::value first = added.json().at("data");
  EXPECT_EQ(first.at("default_address").at("first_name"), "Ada") << first;  // the customer's
  EXPECT_EQ(first.at("default_address").at("region_code"), "TX") << first;
  EXPECT_EQ(first.at("phone"), "512-555-0100") << first;
  std::this_thread::sleep_for(1100ms);  // versions are Magento's updated_at seconds
  auto phoned = change(id, {{"phone", "512-555-0199"}, {"last_name", "King"}});
  ASSERT_EQ(phoned.status, 200) << phoned.body;
  EXPECT_EQ(phoned.json().at("data").at("phone"), "512-555-0199");
  EXPECT_EQ(phoned.json().at("data").at("default_address").at("address1"), "1 Main St");
  EXPECT_EQ(phoned.json().at("data").at("addresses").as_array().size(), 1u);
  // Magento requires a telephone on an address: its refusal, passed on.
  address.erase("phone");
  expect_refused(id, {{"default_address", address}}, 422, "platform_rejected", "telephone");
  // A new customer with an address and a phone.
  address["phone"] = "512-555-0111";
  auto made = post("customer.add", json::object{{"store_id", store_},
                                                {"email", "new.address.mage@example.com"},
                                                {"first_name", "Ada"},
                                                {"last_name", "King"},
                                                {"phone", "512-555-0123"},
                                                {"default_address", address}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json().at("data").at("phone"), "512-555-0123");
  EXPECT_EQ(made.json().at("data").at("default_address").at("city"), "Austin");
}

TEST_F(CustomerWrites, OnShopifyTheDefaultAddressIsCreatedThenUpdated) {
  // A customer without an address gets one as its default (customerAddressCreate); with one,
  // its default address is updated (customerAddressUpdate), and a repeat makes no second one.
  start(20s, {}, "shopify");
  const std::string id = new_customer("address.shop@example.com");
  EXPECT_TRUE(info(id).at("default_address").is_null());
  json::object address{{"first_name", "Ada"}, {"address1", "1 Main St"}, {"city", "Austin"},
                       {"region_code", "TX"}, {"postal_code", "78701"},  {"country_code", "US"}};
  auto added = change(id, {{"default_address", address}, {"last_name", "King"}}, "shop-address");
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(added.json().at("data").at("default_address").at("region_code"), "TX");
  EXPECT_EQ(added.json().at("data").at("last_name"), "King");
  auto again = change(id, {{"default_address", address}});
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().at("data").at("addresses").as_array().size(), 1u);
  address["address1"] = "2 High St";
  auto moved = change(id, {{"default_address", address}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("data").at("default_address").at("address1"), "2 High St");
  // A phone Shopify cannot read as E.164 on the address: its refusal, passed on.
  address["phone"] = "020 7946";
  expect_refused(id, {{"default_address", address}}, 422, "platform_rejected", "Phone is invalid");
  address.erase("phone");
  auto made = post("customer.add", json::object{{"store_id", store_},
                                                {"email", "new.address.shop@example.com"},
                                                {"default_address", address}});
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_EQ(made.json().at("data").at("default_address").at("city"), "Austin");
}

TEST_F(CustomerWrites, OnWooCommerceBadCustomerWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "woocommerce");
  expect_common_refusals("Email address is invalid");
}

TEST_F(CustomerWrites, OnWooCommerceACustomerChangeComesBackAsOneApiEvent) {
  expect_one_customer_api_event("woocommerce", "customer.updated");
}

TEST_F(CustomerWrites, OnBigCommerceACustomerGetsANameAnAddressAndAPhone) {
  start(20s, {}, "bigcommerce");
  expect_customer_updates("bc-ada");
}

TEST_F(CustomerWrites, OnBigCommerceBadCustomerWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "bigcommerce");
  expect_common_refusals("already in use");
  if (HasFatalFailure()) return;
  // BigCommerce keeps names of at most 100 characters: its 422 is passed on.
  const std::string id = new_customer("long.bc@example.com");
  expect_refused(id, {{"last_name", std::string(101, 'x')}}, 422, "platform_rejected",
                 "100 characters");
  sandbox_->control("POST", target_, "settings", json::object{{"customers_scope", "read_only"}});
  expect_refused(id, {{"first_name", "Grace"}}, 502, "store_permission_denied", "required scope");
  sandbox_->control("POST", target_, "settings", json::object{{"customers_scope", "modify"}});
}

TEST_F(CustomerWrites, OnBigCommerceACustomerChangeComesBackAsOneApiEvent) {
  expect_one_customer_api_event("bigcommerce", "store/customer/updated");
}

TEST_F(CustomerWrites, OnBigCommerceATimeoutAfterCommitIsFinishedByTheRetry) {
  // The PUT lands, its answer comes after the gateway gave up: the outcome is unknown, and the
  // retry under the same key sends the same values again (a PUT of values changes nothing
  // more) and answers with the customer.
  start(2s, {}, "bigcommerce");
  const std::string id = new_customer("late.bc@example.com");
  sandbox_->control("POST", target_, "faults",
                    json::object{{"api", json::object{{"late_answer_ms", 3500}}}});
  const json::object body{{"last_name", "Somerville"}};
  auto lost = change(id, body, "late-rename");
  ASSERT_EQ(lost.status, 504) << lost.body;
  EXPECT_EQ(lost.json().at("code"), "write_outcome_unknown");
  sandbox_->control("POST", target_, "faults", json::object{});
  auto retried = change(id, body, "late-rename");
  ASSERT_EQ(retried.status, 200) << retried.body;
  EXPECT_EQ(retried.json().at("data").at("last_name"), "Somerville");
  EXPECT_EQ(info(id).at("last_name"), "Somerville");
  auto replayed = change(id, body, "late-rename");
  EXPECT_EQ(replayed.header("Idempotent-Replayed"), "true");
}

TEST_F(CustomerWrites, OnShopifyACustomerGetsANameAnAddressAndAPhone) {
  start(20s, {}, "shopify");
  expect_customer_updates("shop-ada");
}

TEST_F(CustomerWrites, OnShopifyBadCustomerWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "shopify");
  expect_common_refusals("Email has already been taken");
  if (HasFatalFailure()) return;
  // A phone Shopify cannot read as E.164 is its refusal, passed on; without write_customers
  // the mutation is denied.
  const std::string id = new_customer("phone.shop@example.com");
  expect_refused(id, {{"phone", "020 7946 0958"}}, 422, "platform_rejected", "Phone is invalid");
  sandbox_->control("POST", target_, "settings", json::object{{"access_scopes", kShopifyScopes}});
  expect_refused(id, {{"first_name", "Grace"}}, 502, "store_permission_denied", "write_customers");
}

TEST_F(CustomerWrites, OnShopifyACustomerChangeComesBackAsOneApiEvent) {
  expect_one_customer_api_event("shopify", "customers/update");
}

TEST_F(CustomerWrites, OnMagentoACustomerGetsANameAndAnAddressAndKeepsTheRest) {
  start(20s, {}, "magento");
  const std::string id = new_customer("mage-ada@example.com");
  const json::value before = info(id);
  std::this_thread::sleep_for(1100ms);  // versions are Magento's updated_at seconds
  // Magento saves the customer it is sent: the connector sends the whole customer as read, so
  // a change of one field keeps the others, and the addresses stay.
  auto r = change(id, {{"last_name", "King"}}, "mage-ada");
  ASSERT_EQ(r.status, 200) << r.body;
  const json::value written = r.json().at("data");
  EXPECT_EQ(written.at("last_name"), "King");
  EXPECT_EQ(written.at("first_name"), before.at("first_name"));
  EXPECT_EQ(written.at("email"), before.at("email"));
  EXPECT_EQ(written.at("addresses"), before.at("addresses"));
  EXPECT_NE(written.at("updated_at"), before.at("updated_at")) << "a new version";
  auto moved = change(id, {{"email", "Augusta.Mage@Example.org"}, {"first_name", "Augusta"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().at("data").at("email").as_string(), "augusta.mage@example.org");
  EXPECT_EQ(info(id).at("first_name"), "Augusta");
}

TEST_F(CustomerWrites, OnMagentoBadCustomerWritesAreRefusedAndChangeNothing) {
  start(20s, {}, "magento");
  expect_common_refusals("same email address already exists");
  if (HasFatalFailure()) return;
  // Magento keeps phones on addresses: a customer without one cannot take a phone alone.
  const std::string id = new_customer("phone.mage@example.com");
  expect_refused(id, {{"phone", "+44 20 7946 0958"}}, 422, "write_not_possible", "default_address");
  sandbox_->control("POST", target_, "settings",
                    json::object{{"denied_resources", "Magento_Customer::manage"}});
  expect_refused(id, {{"first_name", "Grace"}}, 502, "store_permission_denied",
                 "Magento_Customer::manage");
  sandbox_->control("POST", target_, "settings", json::object{{"denied_resources", ""}});
}

TEST_F(CustomerWrites, OnMagentoACustomerChangeIsPolledAsOneApiEvent) {
  // Magento announces nothing: the poll finds the new updated_at, marked as the write's.
  start(20s, {{"CARTGATE_EVENTS_POLL_INTERVAL_MS", "500"}}, "magento");
  std::this_thread::sleep_for(1500ms);  // the first poll records where it starts
  const std::string id = new_customer("event.mage@example.com");
  await_creation("customer.add", id);
  if (HasFatalFailure()) return;
  auto written = change(id, {{"last_name", "Lovelace"}}, "mage-customer-rename");
  ASSERT_EQ(written.status, 200) << written.body;
  const std::vector<json::value> ours = settled_events("customer.update", id);
  ASSERT_EQ(ours.size(), 1u);
  EXPECT_EQ(ours[0].at("data").at("last_name"), "Lovelace") << ours[0];
  EXPECT_EQ(ours[0].at("source"), "api") << ours[0];
  EXPECT_EQ(ours[0].at("origin").at("idempotency_key"), "mage-customer-rename") << ours[0];
}

}  // namespace
}  // namespace cartgate::test
