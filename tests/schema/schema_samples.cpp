// Writes schema v1 JSON produced by the C++ types, for tests/schema/validate.sh to check with
// ajv (an independent JSON Schema validator):
//   <out>/valid/<schema>-<n>.json    C++ output; must validate
//   <out>/invalid/<schema>-<n>.json  C++ output with one deliberate defect; must be rejected,
//                                    which proves the schemas actually constrain what they claim
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>

#include <boost/json.hpp>

#include <cartgate/schema/json.hpp>

#include "support/sample_entities.hpp"

namespace json = boost::json;
using namespace cartgate;

namespace {

std::map<std::string, int> counters;

void write(const std::filesystem::path& dir, const std::string& schema, const json::value& v) {
  std::filesystem::create_directories(dir);
  const int n = ++counters[dir.filename().string() + schema];
  std::ofstream(dir / (schema + "-" + std::to_string(n) + ".json")) << json::serialize(v);
}

json::value mutated(json::value v, const std::function<void(json::object&)>& change) {
  change(v.as_object());
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: schema_samples <output dir>\n";
    return 2;
  }
  const std::filesystem::path out = argv[1];
  std::filesystem::remove_all(out);
  const auto valid = out / "valid";
  const auto invalid = out / "invalid";

  for (const auto& [minor, currency] : std::vector<std::pair<std::int64_t, std::string>>{
           {2935, "USD"}, {1500, "JPY"}, {1250, "KWD"}, {-5, "EUR"}, {12345, "CLF"}, {0, "XOF"}}) {
    write(valid, "money", json::value_from(Money{minor, currency}));
  }
  write(invalid, "money", json::object{{"amount", 29.35}, {"currency", "USD"}});
  write(invalid, "money", json::object{{"amount", "15.00"}, {"currency", "JPY"}});
  write(invalid, "money", json::object{{"amount", "1.25"}, {"currency", "KWD"}});
  write(invalid, "money", json::object{{"amount", "29.3"}, {"currency", "USD"}});
  write(invalid, "money", json::object{{"amount", "29.35"}, {"currency", "usd"}});

  const json::value order = json::value_from(test::sample_order());
  write(valid, "order", order);
  write(valid, "order", json::value_from(test::sample_guest_order_jpy()));
  write(valid, "order", mutated(order, [](auto& o) { o["raw"] = json::object{{"id", 1}}; }));
  write(invalid, "order", mutated(order, [](auto& o) { o["status"] = "shipped"; }));
  write(invalid, "order", mutated(order, [](auto& o) { o["created_at"] = "2017-08-21 22:22:19"; }));
  write(invalid, "order",
        mutated(order, [](auto& o) { o["identity"].as_object()["email"] = "Jane@Example.com"; }));
  write(invalid, "order", mutated(order, [](auto& o) { o.erase("line_items"); }));
  write(invalid, "order", mutated(order, [](auto& o) { o["unexpected"] = 1; }));
  write(invalid, "order", mutated(order, [](auto& o) {
          o["totals"].as_object()["total"] = json::object{{"amount", 393.0}, {"currency", "EUR"}};
        }));

  const json::value customer = json::value_from(test::sample_customer());
  write(valid, "customer", customer);
  write(invalid, "customer", mutated(customer, [](auto& o) {
          o["default_address"].as_object()["country_code"] = "Germany";
        }));

  const json::value product = json::value_from(test::sample_product());
  write(valid, "product", product);
  write(invalid, "product", mutated(product, [](auto& o) { o["status"] = "visible"; }));

  const json::value cart = json::value_from(test::sample_cart());
  write(valid, "cart", cart);
  write(invalid, "cart", mutated(cart, [](auto& o) { o["status"] = "lost"; }));

  for (auto type :
       {EventType::order_add, EventType::order_shipment_add, EventType::customer_add,
        EventType::product_update, EventType::cart_abandoned, EventType::cart_converted}) {
    write(valid, "event", json::value_from(test::sample_event(type)));
  }
  // An order.add event whose data is a cart must not validate.
  write(invalid, "event",
        mutated(json::value_from(test::sample_event(EventType::order_add)),
                [&](auto& o) { o["data"] = cart; }));
  write(invalid, "event",
        mutated(json::value_from(test::sample_event(EventType::order_add)),
                [](auto& o) { o["source"] = "email"; }));
  // A store notice carries store_notice data, not an entity.
  write(invalid, "event",
        mutated(json::value_from(test::sample_event(EventType::order_add)),
                [](auto& o) { o["type"] = "store.webhooks_repaired"; }));
  return 0;
}
