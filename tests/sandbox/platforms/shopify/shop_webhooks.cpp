#include "platforms/shopify/shop_webhooks.hpp"

#include <boost/url/parse.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "common/format.hpp"
#include "common/php_json.hpp"
#include "platforms/shopify/shop_render.hpp"

namespace sandbox::shop {

namespace json = boost::json;
namespace sdk = cartgate::sdk;
using std::chrono::seconds;

namespace {

// WebhookSubscriptionTopic values the sandbox can deliver, and their header names.
const std::vector<std::pair<std::string, std::string>>& topics() {
  static const std::vector<std::pair<std::string, std::string>> kTopics{
      {"ORDERS_CREATE", "orders/create"},
      {"ORDERS_UPDATED", "orders/updated"},
      {"ORDERS_PAID", "orders/paid"},
      {"ORDERS_CANCELLED", "orders/cancelled"},
      {"ORDERS_FULFILLED", "orders/fulfilled"},
      {"ORDERS_DELETE", "orders/delete"},
      {"CUSTOMERS_CREATE", "customers/create"},
      {"CUSTOMERS_UPDATE", "customers/update"},
      {"CUSTOMERS_DELETE", "customers/delete"},
      {"PRODUCTS_CREATE", "products/create"},
      {"PRODUCTS_UPDATE", "products/update"},
      {"PRODUCTS_DELETE", "products/delete"},
      {"CARTS_CREATE", "carts/create"},
      {"CARTS_UPDATE", "carts/update"},
      {"CHECKOUTS_CREATE", "checkouts/create"},
      {"CHECKOUTS_UPDATE", "checkouts/update"},
      {"CHECKOUTS_DELETE", "checkouts/delete"},
      {"APP_UNINSTALLED", "app/uninstalled"},
      {"FULFILLMENTS_CREATE", "fulfillments/create"},
      {"INVENTORY_LEVELS_UPDATE", "inventory_levels/update"},
      {"FULFILLMENT_ORDERS_PLACED_ON_HOLD", "fulfillment_orders/placed_on_hold"},
      {"FULFILLMENT_ORDERS_HOLD_RELEASED", "fulfillment_orders/hold_released"}};
  return kTopics;
}

json::object user_error(const std::string& field, const std::string& message) {
  return json::object{{"__typename", "UserError"},
                      {"field", json::array{json::string(field)}},
                      {"message", message}};
}

}  // namespace

json::value create_subscription(Store& store, const json::object& args,
                                const std::string& api_version, Time now) {
  json::array errors;
  std::string topic_enum, topic;
  if (const auto* t = args.if_contains("topic"); t && t->is_string()) {
    for (const auto& [e, header] : topics()) {
      if (e == t->as_string()) {
        topic_enum = e;
        topic = header;
      }
    }
  }
  if (topic.empty()) errors.push_back(user_error("topic", "Topic is not supported"));
  std::string uri;
  if (const auto* w = args.if_contains("webhookSubscription"); w && w->is_object()) {
    // `uri` in current versions, `callbackUrl` in older ones: both are accepted.
    for (const char* key : {"uri", "callbackUrl"}) {
      if (const auto* u = w->as_object().if_contains(key); u && u->is_string())
        uri = u->as_string();
    }
  }
  auto parsed = boost::urls::parse_absolute_uri(uri);
  if (!parsed || parsed->host().empty() ||
      (parsed->scheme() != "https" && parsed->scheme() != "http")) {
    errors.push_back(user_error("webhookSubscription.callbackUrl", "Address is invalid"));
  }
  for (const auto& s : store.subscriptions) {
    if (s.topic == topic && s.url == uri) {
      errors.push_back(user_error("webhookSubscription.callbackUrl",
                                  "Address for this topic has already been taken"));
    }
  }
  json::value node = nullptr;
  if (errors.empty()) {
    Subscription s;
    s.id = store.next_subscription_id++;
    s.name = topic_enum;
    s.topic = topic;
    s.url = uri;
    s.headers["X-Shopify-API-Version"] = api_version;
    s.created = s.updated = now;
    store.subscriptions.push_back(s);
    node = webhook_node(s);
  }
  return json::object{{"__typename", "WebhookSubscriptionCreatePayload"},
                      {"webhookSubscription", node},
                      {"userErrors", std::move(errors)}};
}

json::value delete_subscription(Store& store, const json::object& args) {
  std::string id;
  if (const auto* v = args.if_contains("id"); v && v->is_string()) id = v->as_string();
  for (const auto& s : store.subscriptions) {
    if (gid("WebhookSubscription", sid(Kind::webhook, s.id)) == id) {
      const std::int64_t local = s.id;
      std::erase_if(store.subscriptions, [local](const Subscription& x) { return x.id == local; });
      return json::object{{"__typename", "WebhookSubscriptionDeletePayload"},
                          {"deletedWebhookSubscriptionId", id},
                          {"userErrors", json::array{}}};
    }
  }
  return json::object{
      {"__typename", "WebhookSubscriptionDeletePayload"},
      {"deletedWebhookSubscriptionId", nullptr},
      {"userErrors", json::array{user_error("id", "Webhook subscription does not exist")}}};
}

void notify(Store& store, Dispatcher& dispatcher, const std::string& topic,
            const json::object& payload, Time now) {
  const std::string body = json_encode(payload);
  const std::string event_id = sdk::hex_encode(sdk::random_bytes(16));
  const std::string triggered = iso_local(now) + ".000Z";
  for (const auto& sub : store.subscriptions) {
    if (sub.topic != topic) continue;
    auto out = std::make_shared<Outbound>();
    out->store_id = store.id;
    out->subscription_id = sub.id;
    out->topic = topic;
    out->timeout = seconds(5);  // five seconds for the whole request
    // "Retried a total of 8 times over 4 hours using an exponential backoff schedule."
    for (int s : {60, 120, 240, 480, 960, 1920, 3840, 6780})
      out->retries.push_back(seconds(s));
    const std::string secret = store.credentials.at("api_secret");
    const std::string domain = store.id + ".myshopify.com";
    const std::string url = sub.url;
    const std::string version = sub.headers.count("X-Shopify-API-Version")
                                    ? sub.headers.at("X-Shopify-API-Version")
                                    : std::string("2026-07");
    const std::string webhook_id = sdk::hex_encode(sdk::random_bytes(16));
    const std::string name = sub.name;
    out->build = [=]() {
      // Retries carry the original payload (and X-Shopify-Triggered-At) to the original address.
      cartgate::HttpRequest r;
      r.method = "POST";
      r.url = url;
      r.body = body;
      r.headers = {{"Content-Type", "application/json"},
                   {"X-Shopify-Topic", topic},
                   {"X-Shopify-Hmac-Sha256", sdk::base64_encode(sdk::hmac_sha256(secret, body))},
                   {"X-Shopify-Shop-Domain", domain},
                   {"X-Shopify-API-Version", version},
                   {"X-Shopify-Webhook-Id", webhook_id},
                   {"X-Shopify-Event-Id", event_id},
                   {"X-Shopify-Triggered-At", triggered},
                   {"X-Shopify-Name", name}};
      return r;
    };
    Store* st = &store;
    const std::int64_t sub_id = sub.id;
    out->on_attempt = [st, sub_id](const Attempt&) {
      std::lock_guard lock(st->mutex);
      for (const auto& x : st->subscriptions) {
        if (x.id == sub_id) return true;
      }
      return false;
    };
    // After the last retry fails, a subscription made through the Admin API is removed
    // (store setting remove_failed_subscriptions, default true).
    out->on_exhausted = [st, sub_id]() {
      std::lock_guard lock(st->mutex);
      const auto it = st->settings.find("remove_failed_subscriptions");
      if (it != st->settings.end() && it->second == "false") return;
      std::erase_if(st->subscriptions, [sub_id](const Subscription& x) { return x.id == sub_id; });
    };
    dispatcher.submit(out);
  }
}

}  // namespace sandbox::shop
