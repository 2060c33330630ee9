#pragma once
// The write API's integration fixture: a real gateway process, a real Redis and the sandbox
// stores over real sockets. What the store holds afterwards is counted in the sandbox itself,
// so a write applied twice (or not at all) shows, whatever the API answered. The write tests
// of each kind of entity share it (write_api_test.cpp, variant_writes_test.cpp).
#include <functional>
#include <future>
#include <map>
#include <thread>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "support/free_port.hpp"
#include "support/gateway_process.hpp"
#include "support/http_client.hpp"
#include "support/sandbox_process.hpp"

namespace cartgate::test {

namespace json = boost::json;
using namespace std::chrono_literals;

class WriteApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sandbox_ = new SandboxProcess(
        "--stores shopify=1,woocommerce=1,bigcommerce=1,magento=1 --orders 12 --customers 4 "
        "--products 4 --carts 0");
    woo_ = std::string(sandbox_->store("woocommerce").at("id").as_string());
    bc_ = std::string(sandbox_->store("bigcommerce").at("id").as_string());
    mage_ = std::string(sandbox_->store("magento").at("id").as_string());
    shop_ = std::string(sandbox_->store("shopify").at("id").as_string());
  }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }

  void SetUp() override {
    for (const auto& store : {woo_, bc_, mage_, shop_})
      sandbox_->control("POST", store, "faults", json::object{});
    sandbox_->control("POST", woo_, "settings", json::object{{"key_permissions", "read_write"}});
    sandbox_->control("POST", bc_, "settings", json::object{{"orders_scope", "modify"}});
    sandbox_->control("POST", mage_, "settings", json::object{{"denied_resources", ""}});
    sandbox_->control(
        "POST", shop_, "settings",
        json::object{
            {"access_scopes", kShopifyScopes}, {"bucket_size", "2000"}, {"restore_rate", "100"}});
  }

  // An app that reads everything and writes orders, their fulfillments, products and stock.
  static constexpr const char* kShopifyScopes =
      "read_orders,read_all_orders,write_orders,read_customers,read_products,write_products,"
      "write_inventory,read_merchant_managed_fulfillment_orders,"
      "write_merchant_managed_fulfillment_orders";

  // A new order in the sandbox store of the running gateway, in `status`: its id.
  std::string new_order(const std::string& status) {
    auto r = sandbox_->control("POST", target_, "orders", json::object{{"status", status}});
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("platform_id").as_string());
  }

  // A gateway with the tenant "acme" and its store on `platform` (store_; target_ is the
  // sandbox's id of that store).
  void start(std::chrono::milliseconds timeout = 20s, std::map<std::string, std::string> extra = {},
             const std::string& platform = "woocommerce") {
    extra["CARTGATE_OUTBOUND_REQUEST_TIMEOUT_MS"] = std::to_string(timeout.count());
    gw_ = std::make_unique<GatewayProcess>(sandbox_->gateway_env(extra));
    key_ = gw_->create_key("acme");
    store_ = add(platform);
    platform_ = platform;
    target_ = std::string(sandbox_->store(platform).at("id").as_string());
  }

  // The sandbox's id of an order the platform shows as `id`: Shopify's ids are the sandbox's
  // plus a range per resource (sid() in the sandbox's shop_render.cpp); the others show it.
  std::string sandbox_order(const std::string& id) const {
    if (platform_ != "shopify") return id;
    return std::to_string(std::stoll(id) - 5'530'000'000'000);
  }

  std::string add(const std::string& platform) {
    auto r = post("store.add", sandbox_->store_add_body(sandbox_->store(platform)));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("data").at("id").as_string());
  }

  HttpResult post(const std::string& method, const json::value& body,
                  const std::string& idempotency_key = "") {
    std::map<std::string, std::string> headers{{"x-api-key", key_},
                                               {"content-type", "application/json"}};
    if (!idempotency_key.empty()) headers["idempotency-key"] = idempotency_key;
    return http_request(gw_->port(), "POST", "/v1/" + method, headers, json::serialize(body));
  }

  // An order of the store, by its position in creation order.
  std::string order_id(std::size_t n) {
    auto r = post("order.list", json::object{{"store_id", store_}, {"limit", 20}});
    EXPECT_EQ(r.status, 200) << r.body;
    return std::string(r.json().at("data").at(n).at("id").as_string());
  }

  // What the sandbox store holds of the order: {"state", "notes", "staff_notes"}.
  json::value held(const std::string& id) {
    return sandbox_->control("GET", target_, "orders/" + sandbox_order(id)).json();
  }

  // How many times `text` was added to the order: WooCommerce notes and Magento comments, or
  // paragraphs of BigCommerce's staff notes or of Shopify's order note.
  static std::size_t count_note(const json::value& order, std::string_view text) {
    std::size_t n = 0;
    for (const auto& note : order.at("notes").as_array())
      n += note.as_string() == text ? 1 : 0;
    for (const char* field : {"staff_notes", "note"}) {
      const std::string_view all = order.at(field).as_string();
      for (std::size_t from = 0; from <= all.size();) {
        const auto end = std::min(all.find("\n\n", from), all.size());
        n += all.substr(from, end - from) == text ? 1 : 0;
        from = end + 2;
      }
    }
    return n;
  }

  static json::object update(const std::string& store, const std::string& id,
                             json::object changes) {
    changes["store_id"] = store;
    changes["id"] = id;
    return changes;
  }

  std::pair<std::string, json::array> order_to_ship(int lines);
  // A new product of the store (with `variants` options, each at the product's price): its id.
  std::string new_product(const std::string& name, std::int64_t price_minor, int variants = 0);
  // Ships `line_items` of `order` (none: everything left) with tracking number T-1 and expects
  // the refusal: `status`, `code`, and a detail that says `says`.
  void expect_refused_shipment(const std::string& order, json::array line_items, int status,
                               std::string_view code, std::string_view says) {
    json::object changes{{"tracking_number", "T-1"}};
    if (!line_items.empty()) changes["line_items"] = std::move(line_items);
    auto r = post("order.shipment.add", update(store_, order, std::move(changes)));
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  }
  // `order`, if given, gets the id of the order shipped.
  void expect_a_cut_off_shipment_made_once(std::string* order = nullptr);
  json::value ship_first_line(const std::string& id, const json::array& lines, json::object extra);
  json::value ship_the_rest(const std::string& id, const json::array& lines, json::object changes);

  // The shipments the store holds of the order (held()): on WooCommerce, which has none, the
  // shipment tracking items in its meta; elsewhere the platform's own.
  json::array shipments(const json::value& order) const {
    if (platform_ != "woocommerce") return order.at("shipments").as_array();
    const auto* items = order.at("meta").as_object().if_contains("_wc_shipment_tracking_items");
    return items != nullptr ? items->as_array() : json::array{};
  }

  // The units of the order's line `line_id` (as order.info shows it) the store holds shipped.
  // Magento's order item ids are the sandbox's line ids doubled (mage_render.cpp).
  json::value shipped(const json::value& order, const json::value& line_id) const {
    std::string id(line_id.as_string());
    if (platform_ == "woocommerce") {  // the lines the gateway wrote into the tracking items
      std::int64_t units = 0;
      for (const auto& item : shipments(order)) {
        for (const auto& l : item.at("cartgate_line_items").as_array()) {
          if (std::to_string(l.at("line_item_id").as_int64()) == id)
            units += l.at("quantity").as_int64();
        }
      }
      return units;
    }
    if (platform_ == "magento") id = std::to_string(std::stoll(id) / 2);
    // Shopify's line item ids are the sandbox's plus a range (sid() in shop_render.cpp).
    if (platform_ == "shopify") id = std::to_string(std::stoll(id) - 13'300'000'000'000);
    return order.at("shipped").at(id);
  }

  static inline SandboxProcess* sandbox_ = nullptr;
  void expect_one_api_event(const std::string& platform, std::string_view topic);
  void listen_for(const std::string& platform, std::string_view topic);
  void expect_one_product_api_event(const std::string& platform, std::string_view topic);

  // The same product.update sequence on any platform: a sale, a price that keeps it plus stock,
  // the sale ended, then archived with no stock (`archived_as`: the platform's own status for
  // that). `held_as_sale` checks how the platform holds the sale's two prices (the product
  // read with include=raw).
  void expect_product_updates(const std::string& id, const std::string& key,
                              std::string_view archived_as,
                              const std::function<void(const json::value& raw)>& held_as_sale);
  // product.update of `id` with `changes` (under `key`, if any): the product written.
  json::value change_product(const std::string& id, json::object changes,
                             const std::string& key = "") {
    changes["store_id"] = store_;
    changes["id"] = id;
    auto r = post("product.update", changes, key);
    EXPECT_EQ(r.status, 200) << json::serialize(changes) << " " << r.body;
    return r.status == 200 ? r.json().at("data") : json::value(nullptr);
  }
  static std::string amount(const json::value& money) {
    return money.is_null() ? std::string("null") : std::string(money.at("amount").as_string());
  }

  // Refused product.update of `product`: `status`, `code`, and a detail that says `says`.
  void expect_refused_product_update(const std::string& product, json::object changes, int status,
                                     std::string_view code, std::string_view says) {
    changes["store_id"] = store_;
    changes["id"] = product;
    auto r = post("product.update", changes);
    EXPECT_EQ(r.status, status) << json::serialize(changes) << " " << r.body;
    EXPECT_EQ(r.json().at("code").as_string(), code) << r.body;
    EXPECT_NE(r.body.find(says), std::string::npos) << r.body;
  }

  // The store's events of `type` about entity `id`, as event.list gives them.
  std::vector<json::value> events_of(const std::string& type, const std::string& id) {
    auto listed =
        http_request(gw_->port(), "GET", "/v1/event.list?store_id=" + store_ + "&type=" + type,
                     {{"x-api-key", key_}});
    EXPECT_EQ(listed.status, 200) << listed.body;
    std::vector<json::value> out;
    if (listed.status != 200) return out;
    const json::value page = listed.json();
    for (const auto& e : page.at("data").as_array()) {
      if (e.at("data").at("id").as_string() == id) out.push_back(e);
    }
    return out;
  }

  // Waits (up to 20 s) for the one `type` event of a new entity, then for the next second, so
  // that a write after it is a later version (WooCommerce's times are whole seconds).
  void await_creation(const std::string& type, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (events_of(type, id).empty() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(100ms);
    ASSERT_EQ(events_of(type, id).size(), 1u);
    std::this_thread::sleep_for(1100ms);
  }

  // The `type` events about `id` once the first has come (up to 20 s) and one more second has
  // passed, in which a second event of the same version would show.
  std::vector<json::value> settled_events(const std::string& type, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (events_of(type, id).empty() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(200ms);
    std::this_thread::sleep_for(1s);
    return events_of(type, id);
  }

  static inline std::string woo_, bc_, mage_, shop_;
  std::unique_ptr<GatewayProcess> gw_;
  std::string key_, store_, target_, platform_;
};

}  // namespace cartgate::test
