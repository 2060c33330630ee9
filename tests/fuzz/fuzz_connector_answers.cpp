// Untrusted: what a store answers and what a webhook sender posts. The input is fed to every
// built-in connector as the answer to each kind of read, and as a webhook body correctly
// signed for each platform (so parsing and mapping run, not only the signature check).
// Nothing may crash, hang or throw; whatever is accepted must be valid schema JSON.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/value_to.hpp>

#include <cartgate/connector_registration.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>

using namespace cartgate;

namespace {

const std::vector<std::unique_ptr<Connector>>& connectors() {
  static const auto all = [] {
    std::vector<std::unique_ptr<Connector>> out;
    for (auto f : builtin_connector_factories())
      out.push_back(f());
    return out;
  }();
  return all;
}

void drive(const Connector& c, const StoreContext& store, Entity entity, ReadVerb verb,
           const std::string& body, CallKind kind = CallKind::read,
           boost::json::object params = {}) {
  Call call;
  call.kind = kind;
  call.read.entity = entity;
  call.read.verb = verb;
  call.read.id = "7";
  call.params = std::move(params);
  const CallEnvironment env{*parse_rfc3339("2026-11-24T10:00:00Z"), "nonce",
                            "https://gw.example/v1/ingest/x/st_fuzz"};
  std::string state;
  std::vector<HttpResponse> responses;
  for (int step = 0; step < 8; ++step) {
    StepOutcome out;
    try {
      out = c.step(StepInput{store, call, env, state, responses});
    } catch (...) {
      __builtin_trap();  // connectors report failures as values
    }
    if (out.kind != StepKind::requests) return;
    state = out.state;
    responses.assign(out.requests.size(), HttpResponse{200, {}, body});
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  const StoreContext store{"st_fuzz",
                           "https://store.example/stores/abc",
                           {{"consumer_key", "ck"},
                            {"consumer_secret", "cs"},
                            {"access_token", "tok"},
                            {"access_token_secret", "ts"},
                            {"webhook_secret", "secret"},
                            {"client_secret", "secret"},
                            {"api_secret", "secret"}},
                           {{"currency", "USD"}}};
  for (const auto& c : connectors()) {
    for (auto entity : {Entity::order, Entity::customer, Entity::product, Entity::cart}) {
      for (auto verb : {ReadVerb::list, ReadVerb::info, ReadVerb::count})
        drive(*c, store, entity, verb, body);
    }
    // Platform webhook administration reads the store's webhook list.
    for (auto kind : {CallKind::webhooks_sync, CallKind::webhooks_list, CallKind::webhooks_clear})
      drive(*c, store, Entity::order, ReadVerb::list, body, kind);
    // Writes read the answers to each of their requests (a reconcile reads notes back first).
    for (bool reconcile : {false, true}) {
      for (const char* status : {"completed", "on_hold", "processing"}) {
        drive(*c, store, Entity::order, ReadVerb::info, body, CallKind::write,
              {{"operation", "order.update"},
               {"id", "7"},
               {"changes", {{"status", status}, {"note", "Packed"}}},
               {"reconcile", reconcile},
               {"since", "2026-11-24T09:59:00Z"}});
      }
      drive(*c, store, Entity::product, ReadVerb::info, body, CallKind::write,
            {{"operation", "product.update"},
             {"id", "7"},
             {"changes",
              {{"price", "12.50"},
               {"compare_at_price",
                reconcile ? boost::json::value(nullptr) : boost::json::value("15.00")},
               {"stock_quantity", 4}}},
             {"reconcile", reconcile},
             {"since", "2026-11-24T09:59:00Z"}});
      // One variant of product 7 (BigCommerce's fixture names variant 701).
      drive(*c, store, Entity::product, ReadVerb::info, body, CallKind::write,
            {{"operation", "product.variant.update"},
             {"id", "7"},
             {"variant_id", "701"},
             {"changes", {{"price", "12.50"}, {"stock_quantity", 4}}},
             {"reconcile", reconcile},
             {"since", "2026-11-24T09:59:00Z"}});
      // A customer's names, address and phone (WooCommerce reads the customer first for an
      // address; BigCommerce finds, puts, then reads it).
      drive(*c, store, Entity::customer, ReadVerb::info, body, CallKind::write,
            {{"operation", "customer.update"},
             {"id", "7"},
             {"changes",
              {{"first_name", "Ada"},
               {"email", reconcile ? "Ada@Example.com" : "ada@example.com"},
               {"phone", ""}}},
             {"reconcile", reconcile},
             {"since", "2026-11-24T09:59:00Z"}});
      // A new customer (after an unknown outcome, the address looked up first: the fuzzed
      // answer is the list searched, then the created customer).
      drive(*c, store, Entity::customer, ReadVerb::info, body, CallKind::write,
            {{"operation", "customer.add"},
             {"id", ""},
             {"changes", {{"email", "ada@example.com"}, {"first_name", "Ada"}, {"last_name", "K"}}},
             {"reconcile", reconcile},
             {"since", "2026-11-24T09:59:00Z"}});
      // A shipment of named lines and one of everything left: the order, its lines, its
      // tracking items or shipments are read from the answers.
      for (bool named : {false, true}) {
        boost::json::object changes{{"tracking_number", "1Z"}, {"carrier", "UPS"}};
        if (named) {
          changes["line_items"] =
              boost::json::array{boost::json::object{{"id", "727"}, {"quantity", 1}},
                                 boost::json::object{{"id", "4"}, {"quantity", 2}}};
        }
        drive(*c, store, Entity::order, ReadVerb::info, body, CallKind::write,
              {{"operation", "order.shipment.add"},
               {"id", "7"},
               {"changes", std::move(changes)},
               {"reconcile", reconcile},
               {"since", "2026-11-24T09:59:00Z"}});
      }
    }
  }
  // Webhooks, signed as each platform signs.
  const std::string mac = sdk::base64_encode(sdk::hmac_sha256("secret", body));
  const std::string std_mac =
      sdk::base64_encode(sdk::hmac_sha256("secret", "msg_1.1764000000." + body));
  const Timestamp now{std::chrono::seconds(1764000000)};
  const std::vector<HttpHeaders> deliveries{
      {{"X-WC-Webhook-Signature", mac}, {"X-WC-Webhook-Topic", "order.updated"}},
      {{"X-Shopify-Hmac-Sha256", mac},
       {"X-Shopify-Topic", "orders/updated"},
       {"X-Shopify-Shop-Domain", "store.example"}},
      {{"X-Shopify-Hmac-Sha256", mac},
       {"X-Shopify-Topic", "carts/update"},
       {"X-Shopify-Shop-Domain", "store.example"}},
      {{"webhook-id", "msg_1"},
       {"webhook-timestamp", "1764000000"},
       {"webhook-signature", "v1," + std_mac},
       {"X-Cartgate-Store-Token",
        sdk::base64url_encode(sdk::hmac_sha256("secret", "cartgate-store|st_fuzz"))}},
      {}};
  for (const auto& c : connectors()) {
    for (const auto& headers : deliveries) {
      WebhookResult r;
      try {
        r = c->handle_webhook(WebhookDelivery{store, headers, body, now});
      } catch (...) {
        __builtin_trap();
      }
      for (const auto& change : r.changes) {
        if (change.entity.is_null()) continue;
        // A mapped entity must read back as schema v1.
        bool ok = false;
        switch (change.type) {
          case EventType::order_add:
          case EventType::order_update:
            ok = !boost::json::try_value_to<Order>(change.entity).has_error();
            break;
          case EventType::customer_add:
          case EventType::customer_update:
            ok = !boost::json::try_value_to<Customer>(change.entity).has_error();
            break;
          case EventType::product_add:
          case EventType::product_update:
            ok = !boost::json::try_value_to<Product>(change.entity).has_error();
            break;
          case EventType::cart_add:
          case EventType::cart_update:
            ok = !boost::json::try_value_to<Cart>(change.entity).has_error();
            break;
          default:
            ok = true;
        }
        if (!ok) __builtin_trap();
      }
    }
  }
  return 0;
}
