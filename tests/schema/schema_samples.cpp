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

#include <cartgate/detail/abi_codec.hpp>
#include <cartgate/schema/json.hpp>

#include "connectors/connector_registry.hpp"
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

// The plugin ABI's messages as the codec writes them, against schema/abi/v1: the manifests of
// the built-in connectors and one of every other message, and defective copies.
void write_abi_samples(const std::filesystem::path& out) {
  const auto valid = out / "valid";
  const auto invalid = out / "invalid";
  ConnectorRegistry registry;
  if (auto error = register_builtin_connectors(registry); !error.empty()) {
    std::cerr << error << "\n";
    std::exit(1);
  }
  for (const auto& platform : registry.platforms()) {
    write(valid, "manifest", abi::encode_manifest(registry.find(platform)->manifest()));
  }
  const json::value manifest = abi::encode_manifest(registry.find("woocommerce")->manifest());
  write(invalid, "manifest", mutated(manifest, [](auto& o) { o.erase("platform"); }));
  write(invalid, "manifest", mutated(manifest, [](auto& o) {
          o["entities"].as_array()[0].as_object()["date_bounds"] = json::array{"yesterday"};
        }));

  const StoreContext store{"st_1", "https://shop.example", {{"token", "t"}}, {{"currency", "EUR"}}};
  Call call;
  call.read.modified_from = parse_rfc3339("2026-11-30T10:00:00Z");
  call.read.filters["status"] = "completed";
  const CallEnvironment env{*parse_rfc3339("2026-12-01T00:00:00Z"), "nonce", ""};
  const std::vector<HttpResponse> responses{{200, {{"Link", "<…>; rel=next"}}, "{\"orders\":[]}"}};
  const json::value input = abi::encode_step_input({store, call, env, "page=2", responses});
  write(valid, "step_input", input);
  write(valid, "step_input", abi::encode_step_input({store, Call{}, env, "", {}}));
  write(invalid, "step_input", mutated(input, [](auto& o) { o.erase("env"); }));
  write(invalid, "step_input", mutated(input, [](auto& o) {
          o["responses"].as_array()[0].as_object()["headers"] = json::array{json::array{"Link"}};
        }));
  write(invalid, "step_input", mutated(input, [](auto& o) {
          o["call"].as_object()["read"].as_object()["page_size"] = 1e10;
        }));

  StepOutcome requests =
      StepOutcome::need({HttpRequest{"GET", "https://shop.example/x", {}, "", 1}});
  requests.observations.push_back({});
  requests.observations[0].remaining = 39;
  write(valid, "step_outcome", abi::encode_step_outcome(requests));
  write(valid, "step_outcome",
        abi::encode_step_outcome(StepOutcome::finished(json::object{{"count", 3}})));
  const json::value failed =
      abi::encode_step_outcome(StepOutcome::fail(ConnectorErrorKind::rate_limited, "throttled"));
  write(valid, "step_outcome", failed);
  write(invalid, "step_outcome", mutated(failed, [](auto& o) { o.erase("error"); }));
  write(invalid, "step_outcome",
        mutated(abi::encode_step_outcome(requests), [](auto& o) { o.erase("requests"); }));
  write(invalid, "step_outcome", mutated(failed, [](auto& o) { o["kind"] = "retry"; }));

  const json::value webhook_input = abi::encode_webhook_input(
      store, {{"X-Shopify-Topic", "orders/create"}}, *parse_rfc3339("2026-12-01T00:00:00Z"));
  write(valid, "webhook_input", webhook_input);
  write(invalid, "webhook_input", mutated(webhook_input, [](auto& o) { o["now"] = 1764547200; }));

  WebhookResult result;
  result.verdict = WebhookVerdict::accepted;
  WebhookChange change;
  change.type = EventType::order_add;
  change.entity_id = "1001";
  change.updated_at = parse_rfc3339("2026-11-30T10:00:00Z");
  change.entity = json::value_from(test::sample_order());
  result.changes.push_back(change);
  const json::value accepted = abi::encode_webhook_result(result);
  write(valid, "webhook_result", accepted);
  write(invalid, "webhook_result", mutated(accepted, [](auto& o) {
          o["changes"].as_array()[0].as_object().erase("entity_id");
        }));
  write(invalid, "webhook_result", mutated(accepted, [](auto& o) { o["verdict"] = "maybe"; }));
}

// JSON with two-space indentation, one member or element per line (Boost.JSON writes one line).
void write_indented(std::ostream& os, const json::value& v, int depth = 0) {
  const std::string pad(static_cast<std::size_t>(depth + 1) * 2, ' ');
  const std::string close(static_cast<std::size_t>(depth) * 2, ' ');
  if (const auto* o = v.if_object(); o != nullptr && !o->empty()) {
    os << "{\n";
    for (auto it = o->begin(); it != o->end(); ++it) {
      os << pad << json::serialize(json::string(it->key())) << ": ";
      write_indented(os, it->value(), depth + 1);
      os << (std::next(it) == o->end() ? "\n" : ",\n");
    }
    os << close << "}";
  } else if (const auto* a = v.if_array(); a != nullptr && !a->empty()) {
    os << "[\n";
    for (std::size_t i = 0; i < a->size(); ++i) {
      os << pad;
      write_indented(os, (*a)[i], depth + 1);
      os << (i + 1 == a->size() ? "\n" : ",\n");
    }
    os << close << "]";
  } else {
    os << json::serialize(v);
  }
}

// `schema_samples --write-abi-schemas <dir>` writes the ABI's JSON Schemas as generated from
// the codec's descriptions (how schema/abi/v1/ is made; a unit test checks it is current).
int write_abi_schemas(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  for (auto name : abi::message_names()) {
    std::ofstream file(dir / (std::string(name) + ".json"));
    write_indented(file, abi::message_schema(name));
    file << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string_view(argv[1]) == "--write-abi-schemas") {
    return write_abi_schemas(argv[2]);
  }
  if (argc != 2) {
    std::cerr << "usage: schema_samples <output dir> | --write-abi-schemas <dir>\n";
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

  write_abi_samples(out / "abi");
  return 0;
}
