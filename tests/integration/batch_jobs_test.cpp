// Batch jobs end to end: real gateway processes sharing a real Redis, and a sandbox WooCommerce
// store over real sockets whose API counts what it answered. A job outlives the process that
// ran it: another process takes it over when its lease lapses, and what the store holds
// afterwards shows every operation applied once and no request answered 429.
#include <set>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/gateway_process.hpp"
#include "support/http_client.hpp"
#include "support/sandbox_process.hpp"

namespace cartgate::test {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class BatchJobs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sandbox_ = new SandboxProcess(
        "--stores woocommerce=1 --orders 20 --customers 2 --products 2 --carts 0");
    woo_ = std::string(sandbox_->store("woocommerce").at("id").as_string());
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  void SetUp() override {
    sandbox_->control("POST", woo_, "faults", json::object{});
    sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
  }

  // A gateway with the tenant "acme" and the WooCommerce store, whose outbound budget is
  // `per_second` requests (the host's limit, as a merchant would set it).
  std::unique_ptr<GatewayProcess> start(int per_second = 50) {
    auto gw = std::make_unique<GatewayProcess>(
        sandbox_->gateway_env({{"CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS", "4000"}}));
    key_ = gw->create_key("acme");
    auto body = sandbox_->store_add_body(sandbox_->store("woocommerce"));
    body["settings"].as_object()["rate_limit_per_second"] = std::to_string(per_second);
    body["settings"].as_object()["rate_limit_burst"] = std::to_string(per_second);
    auto r = post(*gw, "store.add", body);
    EXPECT_EQ(r.status, 201) << r.body;
    store_ = r.status == 201 ? std::string(r.json().at("data").at("id").as_string()) : "";
    return gw;
  }

  HttpResult post(const GatewayProcess& gw, const std::string& method, const json::value& body,
                  const std::string& idempotency_key = "") const {
    std::map<std::string, std::string> headers{{"x-api-key", key_},
                                               {"content-type", "application/json"}};
    if (!idempotency_key.empty()) headers["idempotency-key"] = idempotency_key;
    return http_request(gw.port(), "POST", "/v1/" + method, headers, json::serialize(body));
  }

  // The job's state once `done` says so (or the last seen when `within` passes).
  json::value await_job(const GatewayProcess& gw, const std::string& id,
                        const std::function<bool(const json::value&)>& done,
                        std::chrono::seconds within = 90s) const {
    json::value job;
    for (auto until = std::chrono::steady_clock::now() + within;
         std::chrono::steady_clock::now() < until; std::this_thread::sleep_for(200ms)) {
      auto r = post(gw, "job.info", json::object{{"id", id}});
      if (r.status != 200) continue;
      job = r.json().at("data");
      if (done(job)) break;
    }
    return job;
  }
  static bool finished(const json::value& job) { return job.at("status") == "done"; }

  std::string new_product(int n) const {
    auto r = sandbox_->control("POST", woo_, "products",
                               json::object{{"name", "Batch item " + std::to_string(n)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("platform_id").as_string());
  }

  // Product id -> stock, as the gateway reads the store.
  std::map<std::string, std::int64_t> stocks(const GatewayProcess& gw) const {
    std::map<std::string, std::int64_t> out;
    json::object query{{"store_id", store_}, {"limit", 100}};
    for (int page = 0; page < 10; ++page) {
      auto r = post(gw, "product.list", query);
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) break;
      const json::value body = r.json();
      for (const auto& p : body.at("data").as_array()) {
        const auto& q = p.at("inventory_quantity");
        out[std::string(p.at("id").as_string())] = q.is_int64() ? q.as_int64() : -1;
      }
      const auto& next = body.at("pagination").at("next_cursor");
      if (!next.is_string()) break;
      query = json::object{{"cursor", next}};
    }
    return out;
  }

  std::int64_t throttled() const {
    return sandbox_->control("GET", woo_, "stats").json().at("throttled").as_int64();
  }

  static SandboxProcess* sandbox_;
  static std::string woo_;
  std::string key_, store_;
};

SandboxProcess* BatchJobs::sandbox_ = nullptr;
std::string BatchJobs::woo_;

TEST_F(BatchJobs, TwoHundredFiftyStockUpdatesFinishOnceWhenTheGatewayRunningThemIsKilled) {
  // The host allows 20 requests in each second. A budget of 9 a second with a burst of 9 can
  // never send more than 18 in one (a full bucket, then its refill).
  sandbox_->control("POST", woo_, "faults",
                    json::object{{"api", json::object{{"quota", 20}, {"window_ms", 1000}}}});
  auto first = start(9);
  std::vector<std::string> ids;
  json::array operations;
  for (int i = 0; i < 250; ++i) {
    ids.push_back(new_product(i));
    operations.push_back(
        json::object{{"store_id", store_}, {"id", ids.back()}, {"stock_quantity", 1000 + i}});
  }
  const std::int64_t throttled_before = throttled();
  auto r = post(*first, "product.update.batch", json::object{{"operations", operations}});
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.header("Location"),
            "/v1/job.info?id=" + std::string(r.json().at("data").at("id").as_string()));
  const std::string job(r.json().at("data").at("id").as_string());
  EXPECT_EQ(r.json().at("data").at("total"), 250);

  // Killed when it has done part of the job, with operations in flight.
  auto partway = await_job(*first, job,
                           [](const json::value& j) { return j.at("succeeded").as_int64() >= 40; });
  ASSERT_GE(partway.at("succeeded").as_int64(), 40) << partway;
  ASSERT_LT(partway.at("succeeded").as_int64(), 250) << "the job ended before the kill";
  auto second = std::make_unique<GatewayProcess>(first->env());
  first->kill_hard();

  auto done = await_job(*second, job, finished, 120s);
  ASSERT_EQ(done.at("status"), "done") << done;
  EXPECT_EQ(done.at("succeeded"), 250) << done;
  EXPECT_EQ(done.at("failed"), 0) << done;
  const auto& results = done.at("operations").as_array();
  ASSERT_EQ(results.size(), 250u);
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i].at("index"), i);
    EXPECT_EQ(results[i].at("state"), "succeeded") << results[i];
  }
  // What the store holds: every product at its stock, and not one answer was a 429.
  const auto held = stocks(*second);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(held.contains(ids[i])) << ids[i];
    EXPECT_EQ(held.at(ids[i]), 1000 + static_cast<std::int64_t>(i)) << ids[i];
  }
  EXPECT_EQ(throttled(), throttled_before);
}

TEST_F(BatchJobs, NotesOfAKilledGatewaysJobAreAddedOnceEach) {
  // Every write commits, then answers late: what the killed process sent last is unknown to it.
  sandbox_->control("POST", woo_, "faults", json::object{{"api", json::object{{"slow_ms", 100}}}});
  auto first = start();
  auto listed = post(*first, "order.list", json::object{{"store_id", store_}, {"limit", 20}});
  ASSERT_EQ(listed.status, 200) << listed.body;
  std::vector<std::string> orders;
  json::array operations;
  const json::value found = listed.json();
  for (const auto& o : found.at("data").as_array()) {
    orders.emplace_back(o.at("id").as_string());
    operations.push_back(json::object{
        {"store_id", store_}, {"id", orders.back()}, {"note", "Batch note for " + orders.back()}});
  }
  ASSERT_EQ(orders.size(), 20u);
  auto r = post(*first, "order.update.batch", json::object{{"operations", operations}});
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string job(r.json().at("data").at("id").as_string());
  auto partway = await_job(*first, job,
                           [](const json::value& j) { return j.at("succeeded").as_int64() >= 4; });
  ASSERT_LT(partway.at("succeeded").as_int64(), 20) << "the job ended before the kill";
  auto second = std::make_unique<GatewayProcess>(first->env());
  first->kill_hard();

  auto done = await_job(*second, job, finished, 120s);
  ASSERT_EQ(done.at("status"), "done") << done;
  EXPECT_EQ(done.at("succeeded"), 20) << done;
  for (const auto& id : orders) {
    auto held = sandbox_->control("GET", woo_, "orders/" + id).json();
    std::size_t n = 0;
    for (const auto& note : held.at("notes").as_array())
      n += note.as_string() == "Batch note for " + id ? 1 : 0;
    EXPECT_EQ(n, 1u) << "order " << id << ": " << held.at("notes");
  }
}

TEST_F(BatchJobs, EachOperationsResultIsKeptAndARepeatedKeyFindsTheJob) {
  auto gw = start();
  const std::string a = new_product(1), b = new_product(2);
  const json::object body{
      {"operations",
       json::array{json::object{{"store_id", store_}, {"id", a}, {"price", "9.50"}},
                   json::object{{"store_id", store_}, {"id", "999999"}, {"price", "1.00"}},
                   json::object{{"store_id", store_}, {"id", b}, {"status", "draft"}}}}};
  auto r = post(*gw, "product.update.batch", body, "prices-monday");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string job(r.json().at("data").at("id").as_string());
  auto done = await_job(*gw, job, finished);
  ASSERT_EQ(done.at("status"), "done") << done;
  EXPECT_EQ(done.at("succeeded"), 2);
  EXPECT_EQ(done.at("failed"), 1);
  EXPECT_EQ(done.at("pending"), 0);
  EXPECT_TRUE(done.at("finished_at").is_string());
  const auto& ops = done.at("operations").as_array();
  EXPECT_EQ(ops[0].at("data").at("price").at("amount"), "9.50") << ops[0];
  EXPECT_EQ(ops[1].at("state"), "failed");
  EXPECT_EQ(ops[1].at("status"), 404);
  EXPECT_EQ(ops[1].at("error").at("code"), "entity_not_found") << ops[1];
  EXPECT_EQ(ops[2].at("data").at("status"), "draft") << ops[2];

  // The same key and batch: the same job, not a second one.
  auto again = post(*gw, "product.update.batch", body, "prices-monday");
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(again.json().at("data").at("id").as_string(), job);
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.json().at("data").at("status"), "done");
  // The same key for another batch is refused.
  json::object other = body;
  other["operations"].as_array().pop_back();
  auto reused = post(*gw, "product.update.batch", other, "prices-monday");
  EXPECT_EQ(reused.status, 422) << reused.body;
  EXPECT_EQ(reused.json().at("code"), "idempotency_key_reused");

  auto list = post(*gw, "job.list", json::object{});
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("data").as_array().size(), 1u) << list.body;
  EXPECT_EQ(list.json().at("data").at(0).at("id").as_string(), job);
  EXPECT_EQ(list.json().at("data").at(0).at("operation"), "product.update");
}

TEST_F(BatchJobs, CustomersAreUpdatedInABatchAndEachOneOnce) {
  // A customer batch runs each operation as customer.update does; a customer named twice is
  // refused with the whole batch (each entity once per batch).
  auto gw = start();
  std::vector<std::string> ids;
  json::array operations;
  for (int i = 0; i < 3; ++i) {
    auto made =
        sandbox_->control("POST", woo_, "customers",
                          json::object{{"email", "batch." + std::to_string(i) + "@example.com"}});
    ASSERT_EQ(made.status, 201) << made.body;
    ids.emplace_back(made.json().at("platform_id").as_string());
    operations.push_back(json::object{
        {"store_id", store_}, {"id", ids.back()}, {"last_name", "Batch " + std::to_string(i)}});
  }
  json::array twice = operations;
  twice.push_back(twice.front());
  auto refused = post(*gw, "customer.update.batch", json::object{{"operations", twice}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  auto r = post(*gw, "customer.update.batch", json::object{{"operations", operations}});
  ASSERT_EQ(r.status, 202) << r.body;
  auto done = await_job(*gw, std::string(r.json().at("data").at("id").as_string()), finished);
  ASSERT_EQ(done.at("status"), "done") << done;
  EXPECT_EQ(done.at("succeeded"), 3) << done;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(done.at("operations").at(i).at("data").at("last_name").as_string(),
              "Batch " + std::to_string(i));
  }
}

TEST_F(BatchJobs, CustomersAreAddedInABatchAndEachOneOnce) {
  // A batch of new customers: each added once, the one whose address is taken fails alone
  // with WooCommerce's reason; an address named twice (in other capitals) refuses the batch.
  auto gw = start();
  auto taken = sandbox_->control("POST", woo_, "customers",
                                 json::object{{"email", "signup.taken@example.com"}});
  ASSERT_EQ(taken.status, 201) << taken.body;
  json::array operations;
  for (const char* name : {"signup.0", "signup.1", "signup.taken", "signup.2"}) {
    operations.push_back(json::object{{"store_id", store_},
                                      {"email", std::string(name) + "@example.com"},
                                      {"first_name", "Batch"}});
  }
  json::array twice = operations;
  twice.push_back(json::object{{"store_id", store_}, {"email", "Signup.0@Example.com"}});
  auto refused = post(*gw, "customer.add.batch", json::object{{"operations", twice}});
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_NE(refused.body.find("adds customer 'signup.0@example.com'"), std::string::npos)
      << refused.body;
  auto r = post(*gw, "customer.add.batch", json::object{{"operations", operations}}, "signups");
  ASSERT_EQ(r.status, 202) << r.body;
  auto done = await_job(*gw, std::string(r.json().at("data").at("id").as_string()), finished);
  EXPECT_EQ(done.at("succeeded"), 3) << done;
  EXPECT_EQ(done.at("failed"), 1) << done;
  EXPECT_EQ(done.at("operations").at(1).at("data").at("email"), "signup.1@example.com") << done;
  EXPECT_NE(json::serialize(done.at("operations").at(2)).find("already registered"),
            std::string::npos)
      << done;
  auto again = post(*gw, "customer.add.batch", json::object{{"operations", operations}}, "signups");
  EXPECT_EQ(again.header("Idempotent-Replayed"), "true") << again.body;
}

TEST_F(BatchJobs, AKeyReusedWhileItsJobRunsLeavesThatJobToFinish) {
  // Slow answers keep the first job running while the key comes back with another batch.
  sandbox_->control("POST", woo_, "faults", json::object{{"api", json::object{{"slow_ms", 300}}}});
  auto gw = start();
  json::array first, second;
  for (int i = 0; i < 8; ++i) {
    const std::string id = new_product(100 + i);
    first.push_back(json::object{{"store_id", store_}, {"id", id}, {"stock_quantity", 40 + i}});
    second.push_back(json::object{{"store_id", store_}, {"id", id}, {"stock_quantity", 1}});
  }
  auto r = post(*gw, "product.update.batch", json::object{{"operations", first}}, "restock-9");
  ASSERT_EQ(r.status, 202) << r.body;
  const std::string job(r.json().at("data").at("id").as_string());
  auto reused =
      post(*gw, "product.update.batch", json::object{{"operations", second}}, "restock-9");
  EXPECT_EQ(reused.status, 422) << reused.body;
  auto done = await_job(*gw, job, finished, 60s);
  ASSERT_EQ(done.at("status"), "done") << done;
  EXPECT_EQ(done.at("succeeded"), 8) << done;
}

TEST_F(BatchJobs, ABadBatchIsRefusedWholeAndQueuesNothing) {
  auto gw = start();
  const std::string a = new_product(3);
  const auto op = [&](const std::string& id) {
    return json::object{{"store_id", store_}, {"id", id}, {"stock_quantity", 5}};
  };
  json::array too_many;
  for (int i = 0; i < 251; ++i)
    too_many.push_back(op(std::to_string(100000 + i)));
  const auto expect_refused = [&](const json::value& body, std::string_view code,
                                  std::string_view says) {
    auto r = post(*gw, "product.update.batch", body);
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  };
  expect_refused(json::object{{"operations", too_many}}, "invalid_parameter", "1 to 250");
  expect_refused(json::object{{"operations", json::array{}}}, "invalid_parameter", "1 to 250");
  expect_refused(json::object{{"operations", json::array{op(a), 5}}}, "invalid_parameter",
                 "operations[1]");
  json::object negative = op(a);
  negative["stock_quantity"] = -1;
  expect_refused(json::object{{"operations", json::array{op("7"), negative}}}, "invalid_parameter",
                 "operations[1]: ");
  expect_refused(json::object{{"operations", json::array{op(a), op(a)}}}, "invalid_parameter",
                 "operations[1]: changes product '" + a + "'");
  expect_refused(json::object{{"operations", json::array{op(a)}}, {"dry_run", true}},
                 "unknown_parameter", "dry_run");

  auto list = post(*gw, "job.list", json::object{});
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_TRUE(list.json().at("data").as_array().empty()) << list.body;
  auto missing = post(*gw, "job.info", json::object{{"id", "job_nothing"}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("code"), "job_not_found");
}

}  // namespace
}  // namespace cartgate::test
