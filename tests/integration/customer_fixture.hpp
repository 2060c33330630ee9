#pragma once
// The write API fixture (write_api_fixture.hpp) for customer writes: Shopify's app may write
// customers, and the store's customers are made and read the way every customer test needs.

#include "write_api_fixture.hpp"

namespace cartgate::test {

class CustomerApi : public WriteApi {
 protected:
  void SetUp() override {
    WriteApi::SetUp();
    sandbox_->control(
        "POST", shop_, "settings",
        json::object{{"access_scopes", std::string(kShopifyScopes) + ",write_customers"}});
  }

  // A new customer of the store's sandbox with `email`: its id.
  std::string new_customer(const std::string& email) {
    auto r = sandbox_->control(
        "POST", target_, "customers",
        json::object{{"first_name", "Ada"}, {"last_name", "Byron"}, {"email", email}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("platform_id").as_string());
  }

  json::value info(const std::string& id) {
    auto r = post("customer.info", json::object{{"store_id", store_}, {"id", id}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("data") : json::value(nullptr);
  }

  // How many customers the store has, as customer.count reads it.
  json::value count() {
    auto r = post("customer.count", json::object{{"store_id", store_}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("data").at("count") : json::value(nullptr);
  }
};

}  // namespace cartgate::test
