// The unified read API end to end: a real gateway process, a real Redis and the sandbox
// stores over real sockets (TLS included), for every platform.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/gateway_process.hpp"
#include "support/http_client.hpp"
#include "support/sandbox_process.hpp"

namespace cartgate::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

const char* const kPlatforms[] = {"shopify", "woocommerce", "magento", "bigcommerce"};

std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class ReadApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sandbox_ = new SandboxProcess(
        "--stores shopify=1,woocommerce=2,bigcommerce=1,magento=1 --orders 40 --customers 15 "
        "--products 12 --carts 6");
    // Test speed: generous platform limits (the limiter follows them; the limits themselves
    // are tested in LimitsAndFaults below and in outbound_limiter_test).
    sandbox_->control("POST", "shop-1", "settings",
                      json::object{{"bucket_size", "20000"}, {"restore_rate", "2000"}});
    const std::string bc(sandbox_->store("bigcommerce").at("id").as_string());
    sandbox_->control("POST", bc, "faults",
                      json::object{{"api", json::object{{"quota", 5000}, {"window_ms", 30000}}}});
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  void SetUp() override {
    gw_ = std::make_unique<GatewayProcess>(
        sandbox_->gateway_env({{"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "20000"}}));
    key_ = gw_->create_key("acme");
  }

  // Registers the manifest's store; returns the gateway's store id.
  std::string add(const std::string& platform, std::size_t n = 0, json::object settings = {}) {
    json::object body = sandbox_->store_add_body(sandbox_->store(platform, n));
    for (auto& [k, v] : settings)
      body["settings"].as_object()[k] = v;
    if (platform == "shopify" || platform == "bigcommerce") {
      body["settings"].as_object()["rate_limit_per_second"] = "2000";
      body["settings"].as_object()["rate_limit_burst"] = "5000";
    }
    auto r = post("store.add", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("data").at("id").as_string());
  }
  std::map<std::string, std::string> add_all() {
    std::map<std::string, std::string> ids;
    for (const char* p : kPlatforms)
      ids[p] = add(p);
    return ids;
  }

  HttpResult post(const std::string& method, const json::value& body) {
    return http_request(gw_->port(), "POST", "/v1/" + method,
                        {{"x-api-key", key_}, {"content-type", "application/json"}},
                        json::serialize(body));
  }
  HttpResult get(const std::string& method, const std::map<std::string, std::string>& params) {
    std::string target = "/v1/" + method;
    char sep = '?';
    for (const auto& [k, v] : params) {
      target += sep + k + "=" + url_encode(v);
      sep = '&';
    }
    return http_request(gw_->port(), "GET", target, {{"x-api-key", key_}});
  }
  json::value ok(const std::string& method, const std::map<std::string, std::string>& params) {
    auto r = get(method, params);
    EXPECT_EQ(r.status, 200) << method << " -> " << r.body;
    return r.json();
  }

  // Pages through a list with `limit` per page; every record once, in order.
  std::vector<json::value> scan(const std::string& method,
                                std::map<std::string, std::string> params, int limit,
                                const std::function<void(int page)>& between_pages = {}) {
    std::vector<json::value> out;
    params["limit"] = std::to_string(limit);
    for (int page = 0; page < 200; ++page) {
      const json::value body = ok(method, params);
      if (!body.is_object() || !body.as_object().contains("data")) break;
      for (const auto& item : body.at("data").as_array())
        out.push_back(item);
      collected_[method.substr(0, method.find('.'))].push_back(body.at("data"));
      if (!body.at("pagination").at("has_more").as_bool()) break;
      params = {{"cursor", std::string(body.at("pagination").at("next_cursor").as_string())},
                {"limit", std::to_string(limit)}};
      if (between_pages) between_pages(page);
    }
    return out;
  }

  static std::set<std::string> ids_of(const std::vector<json::value>& items) {
    std::set<std::string> ids;
    for (const auto& i : items)
      ids.insert(std::string(i.at("store_id").as_string()) + "/" +
                 std::string(i.at("id").as_string()));
    return ids;
  }

  static std::int64_t manifest_count(const std::string& platform, const char* what) {
    return sandbox_->store(platform).at("counts").at(what).as_int64();
  }

  static SandboxProcess* sandbox_;
  static std::map<std::string, std::vector<json::value>> collected_;  // entity -> pages
  std::unique_ptr<GatewayProcess> gw_;
  std::string key_;
};

SandboxProcess* ReadApi::sandbox_ = nullptr;
std::map<std::string, std::vector<json::value>> ReadApi::collected_;

TEST_F(ReadApi, EveryPlatformListsEveryRecordOnceAcrossPages) {
  const auto ids = add_all();
  for (const auto& [platform, store] : ids) {
    for (auto [entity, what] : {std::pair{"order", "orders"}, std::pair{"customer", "customers"},
                                std::pair{"product", "products"}}) {
      SCOPED_TRACE(platform + " " + entity);
      const auto items = scan(std::string(entity) + ".list", {{"store_id", store}}, 7);
      EXPECT_EQ(items.size(), static_cast<std::size_t>(manifest_count(platform, what)));
      EXPECT_EQ(ids_of(items).size(), items.size()) << "a record came twice";
      for (const auto& item : items) {
        EXPECT_EQ(item.at("platform"), platform.c_str());
        EXPECT_EQ(item.at("store_id"), store.c_str());
      }
      if (platform == "bigcommerce" && std::string(entity) == "order") continue;  // no filters
      auto counted = ok(std::string(entity) + ".count", {{"store_id", store}});
      EXPECT_EQ(counted.at("data").at("count").as_int64(), manifest_count(platform, what));
    }
  }
}

TEST_F(ReadApi, InfoAnswersWhatTheListShowed) {
  const auto ids = add_all();
  for (const auto& [platform, store] : ids) {
    SCOPED_TRACE(platform);
    auto first = ok("order.list", {{"store_id", store}, {"limit", "3"}});
    const json::value& listed = first.at("data").at(2);
    auto info =
        ok("order.info", {{"store_id", store}, {"id", std::string(listed.at("id").as_string())}});
    EXPECT_EQ(info.at("data"), listed);
    auto raw = ok("order.info", {{"store_id", store},
                                 {"id", std::string(listed.at("id").as_string())},
                                 {"include", "raw"}});
    EXPECT_TRUE(raw.at("raw").is_object());  // the platform's own object
    auto missing = get("order.info", {{"store_id", store}, {"id", "999999999"}});
    EXPECT_EQ(missing.status, 404) << missing.body;
    EXPECT_EQ(missing.json().at("code"), "entity_not_found");
  }
}

TEST_F(ReadApi, TimeWindowsAndFiltersNarrowTheResults) {
  const auto ids = add_all();
  for (const auto& [platform, store] : ids) {
    SCOPED_TRACE(platform);
    const auto all = scan("order.list", {{"store_id", store}}, 50);
    ASSERT_GT(all.size(), 15u);
    // A creation window from the 5th to the 15th order's creation time: [from, to).
    const std::string from(all[5].at("created_at").as_string());
    const std::string to(all[15].at("created_at").as_string());
    std::size_t expected = 0;
    for (const auto& o : all) {
      const std::string t(o.at("created_at").as_string());
      expected += (t >= from && t < to) ? 1 : 0;
    }
    const auto window =
        scan("order.list", {{"store_id", store}, {"created_from", from}, {"created_to", to}}, 4);
    EXPECT_EQ(window.size(), expected);
    for (const auto& o : window) {
      EXPECT_GE(std::string(o.at("created_at").as_string()), from);
      EXPECT_LT(std::string(o.at("created_at").as_string()), to);
    }
    // Modified since the median modification time.
    std::vector<std::string> modified;
    for (const auto& o : all)
      modified.emplace_back(o.at("updated_at").as_string());
    std::sort(modified.begin(), modified.end());
    const std::string since = modified[modified.size() / 2];
    const auto changed = scan("order.list", {{"store_id", store}, {"modified_from", since}}, 50);
    EXPECT_EQ(changed.size(),
              static_cast<std::size_t>(modified.end() -
                                       std::lower_bound(modified.begin(), modified.end(), since)));
    // Orders of one registered buyer, by email (Shopify, WooCommerce and BigCommerce filter
    // natively; the gateway never filters what the platform cannot).
    std::string email;
    for (const auto& o : all) {
      if (!o.at("identity").at("guest").as_bool() && o.at("identity").at("email").is_string()) {
        email = std::string(o.at("identity").at("email").as_string());
        break;
      }
    }
    ASSERT_FALSE(email.empty());
    auto by_email = get("order.list", {{"store_id", store}, {"email", email}});
    if (platform == "woocommerce") {
      EXPECT_EQ(by_email.status, 422) << by_email.body;
      EXPECT_EQ(by_email.json().at("code"), "unsupported_filter");
      continue;
    }
    ASSERT_EQ(by_email.status, 200) << by_email.body;
    const json::value by_email_body = by_email.json();
    const auto& found = by_email_body.at("data").as_array();
    EXPECT_FALSE(found.empty());
    for (const auto& o : found)
      EXPECT_EQ(o.at("identity").at("email"), email.c_str());
  }
}

// WooCommerce customers take no date filter and BigCommerce catalog products no creation-time
// filter (their manifests say so): a list applies those bounds to the records itself, across
// pages, and a count, which would have to read every record, refuses them.
TEST_F(ReadApi, DateBoundsThePlatformCannotApplyAreAppliedByTheGateway) {
  const auto ids = add_all();
  struct Case {
    const char* platform;
    const char* method;
    const char* bound;
    const char* field;
  };
  for (const Case& c : {Case{"woocommerce", "customer", "modified_from", "updated_at"},
                        Case{"woocommerce", "customer", "created_to", "created_at"},
                        Case{"bigcommerce", "product", "created_from", "created_at"}}) {
    SCOPED_TRACE(std::string(c.platform) + " " + c.method + " " + c.bound);
    const std::string store = ids.at(c.platform);
    const std::string list = std::string(c.method) + ".list";
    const auto all = scan(list, {{"store_id", store}}, 50);
    ASSERT_GE(all.size(), 4u);
    std::vector<std::string> times;
    for (const auto& r : all)
      times.emplace_back(r.at(c.field).as_string());
    std::sort(times.begin(), times.end());
    const std::string edge = times[times.size() / 2];
    const bool from = std::string_view(c.bound).ends_with("_from");
    std::set<std::string> expected;
    for (const auto& r : all) {
      const std::string t(r.at(c.field).as_string());
      if (from ? t >= edge : t < edge) expected.insert(std::string(r.at("id").as_string()));
    }
    ASSERT_FALSE(expected.empty());
    ASSERT_LT(expected.size(), all.size());
    std::set<std::string> got;
    for (const auto& r : scan(list, {{"store_id", store}, {c.bound, edge}}, 3)) {
      EXPECT_TRUE(got.insert(std::string(r.at("id").as_string())).second) << "seen twice";
    }
    EXPECT_EQ(got, expected);
    auto counted = get(std::string(c.method) + ".count", {{"store_id", store}, {c.bound, edge}});
    EXPECT_EQ(counted.status, 422) << counted.body;
    EXPECT_EQ(counted.json().at("code"), "unsupported_filter");
  }
  // The capabilities say which bounds each platform applies itself.
  const auto woo = ok("store.capabilities", {{"platform", "woocommerce"}}).at("data");
  for (const auto& e : woo.at("entities").as_array()) {
    if (e.at("entity") == "customer") {
      EXPECT_TRUE(e.at("date_bounds").as_array().empty());
    } else if (e.at("entity") == "order") {
      EXPECT_EQ(e.at("date_bounds").as_array().size(), 4u);
    }
  }
}

TEST_F(ReadApi, StatusAndSkuFiltersAreThePlatformsOwn) {
  const auto ids = add_all();
  for (const char* platform : {"woocommerce", "magento", "shopify"}) {
    SCOPED_TRACE(platform);
    const std::string store = ids.at(platform);
    const auto all = scan("order.list", {{"store_id", store}}, 50);
    std::map<std::string, std::size_t> by_status;
    for (const auto& o : all)
      ++by_status[std::string(o.at("status").as_string())];
    // Shopify filters one status per call, through its search syntax; cancelled is exact.
    const std::string status =
        std::string(platform) == "shopify" ? "cancelled" : by_status.begin()->first;
    const auto filtered = scan("order.list", {{"store_id", store}, {"status", status}}, 50);
    EXPECT_EQ(filtered.size(), by_status[status]);
    for (const auto& o : filtered)
      EXPECT_EQ(o.at("status"), status.c_str());
  }
  auto bc_status =
      get("order.list", {{"store_id", ids.at("bigcommerce")}, {"status", "completed"}});
  EXPECT_EQ(bc_status.status, 422) << bc_status.body;  // v2 filters one status id, not a group
  for (const char* platform : {"woocommerce", "magento", "bigcommerce"}) {
    SCOPED_TRACE(platform);
    const auto products = scan("product.list", {{"store_id", ids.at(platform)}}, 50);
    ASSERT_FALSE(products.empty());
    const std::string sku(products.back().at("sku").as_string());
    const auto found = scan("product.list", {{"store_id", ids.at(platform)}, {"sku", sku}}, 50);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].at("id"), products.back().at("id"));
  }
}

TEST_F(ReadApi, CapabilitiesSayWhatEachPlatformCanDo) {
  const auto ids = add_all();
  auto all = ok("store.capabilities", {});
  std::set<std::string> platforms;
  for (const auto& p : all.at("data").as_array())
    platforms.insert(std::string(p.at("platform").as_string()));
  for (const char* p : kPlatforms)
    EXPECT_TRUE(platforms.count(p)) << p;
  auto woo = ok("store.capabilities", {{"store_id", ids.at("woocommerce")}}).at("data");
  EXPECT_EQ(woo.at("platform"), "woocommerce");
  for (const auto& e : woo.at("entities").as_array()) {
    if (e.at("entity") == "cart") {
      EXPECT_TRUE(e.at("verbs").as_array().empty());
    }
  }
  auto magento = ok("store.capabilities", {{"platform", "magento"}}).at("data");
  for (const auto& e : magento.at("events").as_array())
    EXPECT_EQ(e.at("delivery"), "poll") << "Magento Open Source has no webhooks";
  auto shopify = ok("store.capabilities", {{"platform", "shopify"}}).at("data");
  EXPECT_EQ(shopify.at("rate_limit").at("model"), "cost_bucket");
  EXPECT_EQ(get("store.capabilities", {{"platform", "prestashop"}}).status, 400);
}

TEST_F(ReadApi, RecordsChangedOrAddedMidScanAreNeitherSkippedNorRepeated) {
  const auto ids = add_all();
  for (const auto& [platform, store] : ids) {
    SCOPED_TRACE(platform);
    const std::string sandbox_id(sandbox_->store(platform).at("id").as_string());
    const auto before = ids_of(scan("order.list", {{"store_id", store}}, 100));
    // Between pages: update orders ahead and behind the scan, and add new ones.
    int changes = 0;
    const auto during = scan("order.list", {{"store_id", store}}, 6, [&](int page) {
      for (int id : {3 + page, 30 - page}) {
        auto r =
            sandbox_->control("POST", sandbox_id, "orders/" + std::to_string(id),
                              json::object{{"note", "changed mid-scan " + std::to_string(page)}});
        EXPECT_EQ(r.status, 200) << r.body;
        ++changes;
      }
      EXPECT_EQ(sandbox_->control("POST", sandbox_id, "orders", json::object{}).status, 201);
    });
    EXPECT_GT(changes, 4);
    std::vector<std::string> lost, extra;
    const auto seen = ids_of(during);
    std::set_difference(before.begin(), before.end(), seen.begin(), seen.end(),
                        std::back_inserter(lost));
    std::set_difference(seen.begin(), seen.end(), before.begin(), before.end(),
                        std::back_inserter(extra));
    EXPECT_TRUE(lost.empty() && extra.empty())
        << "lost " << lost.size() << " (first " << (lost.empty() ? "" : lost[0]) << "), extra "
        << extra.size() << " (first " << (extra.empty() ? "" : extra[0]) << ")";
    EXPECT_EQ(ids_of(during).size(), during.size());
  }
}

TEST_F(ReadApi, FanOutMergesEveryStoreByCreationTime) {
  const auto ids = add_all();
  std::int64_t expected = 0;
  for (const char* p : kPlatforms)
    expected += manifest_count(p, "customers");
  const auto merged = scan("customer.list", {{"store_id", "all"}}, 9);
  EXPECT_EQ(merged.size(), static_cast<std::size_t>(expected));
  EXPECT_EQ(ids_of(merged).size(), merged.size());
  auto count = ok("customer.count", {{"store_id", "all"}});
  EXPECT_EQ(count.at("data").at("count").as_int64(), expected);
  EXPECT_TRUE(count.at("errors").as_array().empty());
  // Two named stores: only theirs.
  const auto two =
      scan("product.list", {{"store_id", ids.at("magento") + "," + ids.at("woocommerce")}}, 5);
  EXPECT_EQ(two.size(), static_cast<std::size_t>(manifest_count("magento", "products") +
                                                 manifest_count("woocommerce", "products")));
}

TEST_F(ReadApi, AStoreDeletedWhileACursorIsPagedLeavesTheScan) {
  const auto ids = add_all();
  auto first = ok("product.list", {{"store_id", "all"}, {"limit", "5"}});
  ASSERT_TRUE(first.at("pagination").at("has_more").as_bool());
  ASSERT_EQ(post("store.delete", json::object{{"store_id", ids.at("magento")}}).status, 200);
  std::string cursor(first.at("pagination").at("next_cursor").as_string());
  std::size_t rest = 0;
  for (int page = 0; page < 50 && !cursor.empty(); ++page) {
    auto next = get("product.list", {{"cursor", cursor}, {"limit", "50"}});
    ASSERT_EQ(next.status, 200) << next.body;
    const json::value body = next.json();
    for (const auto& p : body.at("data").as_array()) {
      EXPECT_NE(p.at("store_id"), ids.at("magento").c_str());
      ++rest;
    }
    const auto& more = body.at("pagination").at("next_cursor");
    cursor = more.is_string() ? std::string(more.as_string()) : std::string();
  }
  EXPECT_GT(rest, 0u);
}

TEST_F(ReadApi, OneFailingStoreGivesAPartialAnswerNotAFailure) {
  const auto ids = add_all();
  // A store whose token is wrong (added unchecked).
  json::object body = sandbox_->store_add_body(sandbox_->store("woocommerce", 1));
  body["credentials"].as_object()["consumer_secret"] = "cs_wrong";
  body["verify"] = false;
  auto added = post("store.add", body);
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string broken(added.json().at("data").at("id").as_string());
  auto r = ok("order.list", {{"store_id", "all"}, {"limit", "250"}});
  const auto& errors = r.at("errors").as_array();
  ASSERT_EQ(errors.size(), 1u) << r;
  EXPECT_EQ(errors[0].at("store_id"), broken.c_str());
  EXPECT_EQ(errors[0].at("code"), "store_auth_failed");
  EXPECT_FALSE(r.at("data").as_array().empty());
  // The same store alone: a clear problem.
  auto alone = get("order.list", {{"store_id", broken}});
  EXPECT_EQ(alone.status, 502);
  EXPECT_EQ(alone.header("content-type"), "application/problem+json");
  EXPECT_EQ(alone.json().at("code"), "store_auth_failed");
  EXPECT_EQ(alone.body.find("cs_wrong"), std::string::npos);
}

TEST_F(ReadApi, StoreAddChecksTheCredentialsAndStoresNothingWhenRefused) {
  for (const char* platform : kPlatforms) {
    SCOPED_TRACE(platform);
    json::object body = sandbox_->store_add_body(sandbox_->store(platform));
    for (auto& [k, v] : body["credentials"].as_object())
      v = "wrong-" + std::string(k);
    auto r = post("store.add", body);
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.json().at("code"), "store_credentials_rejected");
  }
  EXPECT_TRUE(ok("store.list", {}).at("data").as_array().empty());
  // A token that tries to smuggle a header onto the wire never leaves the gateway.
  json::object smuggling = sandbox_->store_add_body(sandbox_->store("bigcommerce"));
  smuggling["credentials"].as_object()["access_token"] = "tok\r\nX-Injected: 1";
  auto refused = post("store.add", smuggling);
  EXPECT_EQ(refused.status, 502) << refused.body;
  EXPECT_EQ(refused.json().at("code"), "store_unreachable");
  json::object unreachable = sandbox_->store_add_body(sandbox_->store("magento"));
  unreachable["url"] = "http://127.0.0.1:1/nowhere";
  auto r = post("store.add", unreachable);
  EXPECT_EQ(r.status, 502) << r.body;
  EXPECT_EQ(r.json().at("code"), "store_unreachable");
}

TEST_F(ReadApi, CartsFollowWhatEachPlatformCanDo) {
  const auto ids = add_all();
  auto woo = get("cart.list", {{"store_id", ids.at("woocommerce")}});
  EXPECT_EQ(woo.status, 422);
  EXPECT_EQ(woo.json().at("code"), "not_supported_by_platform");
  // BigCommerce cannot list carts: the gateway's cart index answers, empty until webhooks
  // have shown it carts (EventPipeline.BigCommerceCartsAreIndexedFromWebhooks fills it).
  auto bc = get("cart.list", {{"store_id", ids.at("bigcommerce")}});
  EXPECT_EQ(bc.status, 200) << bc.body;
  EXPECT_TRUE(bc.json().at("data").as_array().empty()) << bc.body;
  auto bc_filtered = get("cart.list", {{"store_id", ids.at("bigcommerce")}, {"email", "a@b.c"}});
  EXPECT_EQ(bc_filtered.status, 422) << bc_filtered.body;
  EXPECT_EQ(bc_filtered.json().at("code"), "unsupported_filter");
  // One of the store's carts checked out, so the pages hold a converted cart.
  const std::string mage_sandbox(sandbox_->store("magento").at("id").as_string());
  const auto before = scan("cart.list", {{"store_id", ids.at("magento")}}, 4);
  ASSERT_FALSE(before.empty());
  const std::string bought_id(before.front().at("id").as_string());
  ASSERT_EQ(
      sandbox_->control("POST", mage_sandbox, "carts/" + bought_id + "/convert", nullptr).status,
      201);
  const auto magento = scan("cart.list", {{"store_id", ids.at("magento")}}, 4);
  EXPECT_EQ(magento.size(), static_cast<std::size_t>(manifest_count("magento", "carts")));
  // Totals come from GET carts/<id>/totals, which answers 404 for converted carts
  // (getActive()): those have none, and the page does not fail. The total includes tax,
  // though Magento's grand_total field leaves it out.
  int converted = 0;
  for (const auto& c : magento) {
    if (c.at("status") == "converted") {
      ++converted;
      EXPECT_TRUE(c.at("totals").is_null()) << c;
      continue;
    }
    ASSERT_TRUE(c.at("totals").is_object()) << "active Magento carts get their totals";
    // Amounts carry the currency's digits: without the point they are minor units.
    const auto minor = [&](const char* k) {
      std::string amount(c.at("totals").at(k).at("amount").as_string());
      std::erase(amount, '.');
      return std::stoll(amount);
    };
    EXPECT_EQ(minor("total"), minor("subtotal") - minor("discount") + minor("tax")) << c;
  }
  EXPECT_GT(converted, 0) << "the sandbox has converted Magento carts";
  const auto abandoned =
      scan("cart.list", {{"store_id", ids.at("magento")}, {"abandoned", "true"}}, 4);
  for (const auto& c : abandoned)
    EXPECT_EQ(c.at("status"), "abandoned");
  const auto checkouts = scan("cart.list", {{"store_id", ids.at("shopify")}}, 5);
  for (const auto& c : checkouts)
    EXPECT_NE(c.at("status"), "active");  // abandoned checkouts, some converted later
  // A BigCommerce cart is read by id (its webhooks announce it).
  const std::string bc_sandbox(sandbox_->store("bigcommerce").at("id").as_string());
  auto created = sandbox_->control("POST", bc_sandbox, "carts",
                                   json::object{{"email", "Cart.Buyer@Example.com"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string cart_id(created.json().at("id").as_string());
  auto info = ok("cart.info", {{"store_id", ids.at("bigcommerce")}, {"id", cart_id}});
  EXPECT_EQ(info.at("data").at("id"), cart_id.c_str());
  EXPECT_EQ(info.at("data").at("identity").at("email"), "cart.buyer@example.com");
}

TEST_F(ReadApi, BadInputIsAClearProblem) {
  const auto ids = add_all();
  const std::string store = ids.at("magento");
  const auto expect = [&](const std::map<std::string, std::string>& params, int status,
                          const char* code) {
    auto r = get("order.list", params);
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    EXPECT_EQ(r.json().at("code"), code) << r.body;
  };
  expect({{"store_id", store}, {"limit", "251"}}, 400, "invalid_parameter");
  expect({{"store_id", store}, {"created_from", "yesterday"}}, 400, "invalid_parameter");
  expect({{"store_id", store},
          {"created_from", "2026-02-01T00:00:00Z"},
          {"created_to", "2026-01-01T00:00:00Z"}},
         400, "invalid_parameter");
  expect({{"store_id", store}, {"status", "shipped"}}, 400, "invalid_parameter");
  expect({{"store_id", store}, {"colour", "red"}}, 400, "unknown_parameter");
  expect({{"store_id", "st_nope"}}, 404, "store_not_found");
  expect({{"cursor", "not-a-cursor"}}, 400, "invalid_cursor");
  // A cursor is bound to its method and tenant, and cannot be edited.
  auto page = ok("order.list", {{"store_id", store}, {"limit", "2"}});
  std::string cursor(page.at("pagination").at("next_cursor").as_string());
  auto wrong_method = get("customer.list", {{"cursor", cursor}});
  EXPECT_EQ(wrong_method.json().at("code"), "invalid_cursor");
  cursor[cursor.size() / 2] = cursor[cursor.size() / 2] == 'A' ? 'B' : 'A';
  expect({{"cursor", cursor}}, 400, "invalid_cursor");
}

TEST_F(ReadApi, EveryEntityValidatesAgainstSchemaV1) {
  // Runs last in file order but reads everything itself, so it stands alone too.
  const auto ids = add_all();
  json::object by_entity;
  for (const auto& [platform, store] : ids) {
    for (const char* entity : {"order", "customer", "product", "cart"}) {
      auto r = get(std::string(entity) + ".list", {{"store_id", store}, {"limit", "250"}});
      if (r.status == 422) continue;  // the platform has no such list
      ASSERT_EQ(r.status, 200) << platform << " " << entity << ": " << r.body;
      auto& list = by_entity[entity];
      if (!list.is_array()) list = json::array{};
      const json::value body = r.json();
      for (const auto& item : body.at("data").as_array())
        list.as_array().push_back(item);
    }
  }
  const std::string file = (std::filesystem::temp_directory_path() /
                            ("cartgate-entities-" + fresh_namespace() + ".json"))
                               .string();
  std::ofstream(file) << json::serialize(by_entity);
  const std::string command = std::string("node ") + SCHEMA_DIR +
                              "/../../tests/schema/validate_entities.mjs " + SCHEMA_DIR + " " +
                              TOOLS_DIR + " " + file + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    out.append(buf, n);
  const int status = ::pclose(pipe);
  std::filesystem::remove(file);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find(" 0 invalid"), std::string::npos) << out;
}

// ---- limits and faults: their own stores, so the fast stores above stay fast ----------------

TEST_F(ReadApi, AStoreThatIsDownSlowOrThrottledGivesABoundedClearAnswer) {
  const std::string woo2(sandbox_->store("woocommerce", 1).at("id").as_string());
  const std::string store = add("woocommerce", 1);
  // Slow: answers after 3 s, the gateway gives a call 1 s.
  gw_ = std::make_unique<GatewayProcess>(sandbox_->gateway_env(
      {{"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "1000"},
       {"CARTGATE_REDIS_NAMESPACE", gw_->env().at("CARTGATE_REDIS_NAMESPACE")},
       {"CARTGATE_MASTER_KEY", gw_->env().at("CARTGATE_MASTER_KEY")}}));
  sandbox_->control("POST", woo2, "faults", json::object{{"api", json::object{{"slow_ms", 3000}}}});
  auto started = std::chrono::steady_clock::now();
  auto slow = get("order.list", {{"store_id", store}});
  EXPECT_EQ(slow.status, 502) << slow.body;
  EXPECT_EQ(slow.json().at("code"), "store_unavailable");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2500ms);
  // 5xx on every request: retried, then a clear 502.
  sandbox_->control("POST", woo2, "faults",
                    json::object{{"api", json::object{{"error_share", 1.0}}}});
  auto failing = get("order.list", {{"store_id", store}});
  EXPECT_EQ(failing.status, 502) << failing.body;
  // A 429 storm: 429 with the platform's wait.
  sandbox_->control("POST", woo2, "faults",
                    json::object{{"api", json::object{{"storm_ms", 60000}}}});
  auto storm = get("order.list", {{"store_id", store}});
  EXPECT_EQ(storm.status, 429) << storm.body;
  EXPECT_EQ(storm.json().at("code"), "store_rate_limited");
  EXPECT_FALSE(storm.header("retry-after").empty());
  sandbox_->control("POST", woo2, "faults", json::object{});
  // Down: nothing listens on the store's port.
  json::object body = sandbox_->store_add_body(sandbox_->store("magento"));
  body["url"] = "http://127.0.0.1:1/nowhere";
  body["verify"] = false;
  auto added = post("store.add", body);
  ASSERT_EQ(added.status, 201) << added.body;
  auto down =
      get("order.list", {{"store_id", std::string(added.json().at("data").at("id").as_string())}});
  EXPECT_EQ(down.status, 502) << down.body;
  EXPECT_EQ(down.json().at("code"), "store_unavailable");
}

// A store throttled for longer than a fanned-out read waits is answered in `errors` at once;
// the other stores' records are not held up behind its Retry-After.
TEST_F(ReadApi, AThrottledStoreDoesNotHoldUpAReadOfSeveralStores) {
  const std::string woo2(sandbox_->store("woocommerce", 1).at("id").as_string());
  const std::string throttled = add("woocommerce", 1);
  const std::string fast = add("woocommerce", 0);
  sandbox_->control("POST", woo2, "faults",
                    json::object{{"api", json::object{{"storm_ms", 8000}}}});
  const auto started = std::chrono::steady_clock::now();
  auto r = get("order.list", {{"store_id", throttled + "," + fast}, {"limit", "5"}});
  const auto took = std::chrono::steady_clock::now() - started;
  sandbox_->control("POST", woo2, "faults", json::object{});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_LT(took, 4s) << "waited out the throttled store's Retry-After";
  const auto answer = r.json();
  const auto& body = answer.as_object();
  EXPECT_EQ(body.at("data").as_array().size(), 5u) << r.body;
  ASSERT_EQ(body.at("errors").as_array().size(), 1u) << r.body;
  const auto& e = body.at("errors").at(0).as_object();
  EXPECT_EQ(e.at("store_id").as_string(), throttled);
  EXPECT_EQ(e.at("code"), "store_rate_limited");
  EXPECT_GE(e.at("retry_after_seconds").as_int64(), 3) << r.body;
  // Read alone, the same store is worth the wait: the storm is over within the deadline.
  sandbox_->control("POST", woo2, "faults",
                    json::object{{"api", json::object{{"storm_ms", 3000}}}});
  auto alone = get("order.list", {{"store_id", throttled}, {"limit", "5"}});
  EXPECT_EQ(alone.status, 200) << alone.body;
  sandbox_->control("POST", woo2, "faults", json::object{});
}

TEST_F(ReadApi, TwoGatewaysShareOneStoreBudgetAndNeverOverrunThePlatform) {
  const std::string woo2(sandbox_->store("woocommerce", 1).at("id").as_string());
  // The host allows 5 requests per 2 s; the store's budget is 1.5/s with bursts of 2, which
  // fits only if both gateways draw from the same bucket (each alone would be within limits,
  // together they would overrun it twice over).
  sandbox_->control("POST", woo2, "faults",
                    json::object{{"api", json::object{{"quota", 5}, {"window_ms", 2000}}}});
  const std::string store = add(
      "woocommerce", 1, json::object{{"rate_limit_per_second", "1.5"}, {"rate_limit_burst", "2"}});
  auto before = sandbox_->control("GET", woo2, "stats").json();
  GatewayProcess second(sandbox_->gateway_env(
      {{"CARTGATE_REDIS_NAMESPACE", gw_->env().at("CARTGATE_REDIS_NAMESPACE")},
       {"CARTGATE_MASTER_KEY", gw_->env().at("CARTGATE_MASTER_KEY")}}));
  const auto hammer = [&](std::uint16_t port) {
    int served = 0;
    for (int i = 0; i < 5; ++i) {
      auto r =
          http_request(port, "GET", "/v1/order.count?store_id=" + store, {{"x-api-key", key_}});
      served += r.status == 200 ? 1 : 0;
    }
    return served;
  };
  auto a = std::async(std::launch::async, hammer, gw_->port());
  auto b = std::async(std::launch::async, hammer, second.port());
  auto c = std::async(std::launch::async, hammer, gw_->port());
  auto d = std::async(std::launch::async, hammer, second.port());
  EXPECT_EQ(a.get() + b.get() + c.get() + d.get(), 20);  // everyone served, by waiting
  auto after = sandbox_->control("GET", woo2, "stats").json();
  // The API's 20, and whatever background polls of the store got of the same shared budget.
  EXPECT_GE(after.at("requests").as_int64() - before.at("requests").as_int64(), 20);
  EXPECT_EQ(after.at("throttled").as_int64(), before.at("throttled").as_int64())
      << "the platform had to throttle: the budget was not shared";
  sandbox_->control("POST", woo2, "faults", json::object{});
}

}  // namespace
}  // namespace cartgate::test
