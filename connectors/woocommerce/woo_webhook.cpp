#include "woo_webhook.hpp"

#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/platform_json.hpp>

#include "woo_mapping.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

WebhookResult rejected(std::string reason) {
  WebhookResult r;
  r.verdict = WebhookVerdict::rejected;
  r.reason = std::move(reason);
  return r;
}

WebhookResult malformed(std::string reason) {
  WebhookResult r = rejected(std::move(reason));
  r.verdict = WebhookVerdict::malformed;
  return r;
}

// "webhook_id=<digits>", the whole body of the ping deliver_ping() sends.
bool is_ping_body(std::string_view body) {
  constexpr std::string_view kPrefix = "webhook_id=";
  if (!body.starts_with(kPrefix) || body.size() == kPrefix.size() || body.size() > 32) return false;
  for (const char c : body.substr(kPrefix.size())) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// What identifies one change. Not X-WC-Webhook-Delivery-ID: WooCommerce makes it
// wp_hash(webhook id . strtotime('now')) (WC_Webhook::get_new_delivery_id), so every delivery of
// one webhook within a second carries the same id, and WooCommerce never redelivers, so there is
// no retry for an id to recognize either. The signed body holds the whole resource with its
// date_modified_gmt: the same webhook, topic and body is the same change sent twice.
std::string change_key(const WebhookDelivery& d, std::string_view topic) {
  std::string material = "woocommerce-change\n";
  material += find_header(d.headers, "X-WC-Webhook-ID").value_or("");
  material += '\n';
  material += topic;
  material += '\n';
  material += d.body;
  return sdk::hex_encode(sdk::sha256(material));
}

}  // namespace

WebhookResult verify_and_parse(const WebhookDelivery& d) {
  const auto signature = find_header(d.headers, "X-WC-Webhook-Signature");
  if (!signature) {
    // The ping carries no signature and no X-WC-Webhook-* headers; it must get a 200.
    if (is_ping_body(d.body)) return WebhookResult{WebhookVerdict::ping, "", {}};
    return rejected("missing X-WC-Webhook-Signature");
  }
  auto secret = d.store.credentials.find("webhook_secret");
  if (secret == d.store.credentials.end() || secret->second.empty()) {
    return rejected("the store has no webhook secret");
  }
  const std::string expected = sdk::base64_encode(sdk::hmac_sha256(secret->second, d.body));
  if (!sdk::constant_time_equal(expected, *signature)) return rejected("signature mismatch");

  const std::string topic(find_header(d.headers, "X-WC-Webhook-Topic").value_or(""));
  const auto dot = topic.find('.');
  const std::string resource = topic.substr(0, dot);
  const std::string event = dot == std::string::npos ? "" : topic.substr(dot + 1);
  WebhookResult result{WebhookVerdict::accepted, "", {}};
  // Deletions, restores and coupons have no normalized event: authentic, nothing to emit.
  if (event != "created" && event != "updated") return result;

  auto body = sdk::parse_platform_json(d.body);
  if (!body) return malformed("the body is not JSON");
  // The entity is built in the document's own arena, which it keeps alive: no node of it is
  // allocated or freed one by one.
  const json::storage_ptr sp = body->storage();
  const bool created = event == "created";
  // Built in place: assigning a value from the arena to a default-constructed change would copy
  // it, node by node, onto the heap.
  std::optional<WebhookChange> change;
  if (resource == "order") {
    auto m = map_order(*body, d.store);
    if (auto* e = std::get_if<std::string>(&m)) return malformed(*e);
    const auto& o = std::get<Order>(m);
    change.emplace(WebhookChange{created ? EventType::order_add : EventType::order_update, o.id,
                                 o.updated_at, json::value_from(o, sp), ""});
  } else if (resource == "customer") {
    auto m = map_customer(*body, d.store);
    if (auto* e = std::get_if<std::string>(&m)) return malformed(*e);
    const auto& c = std::get<Customer>(m);
    change.emplace(WebhookChange{created ? EventType::customer_add : EventType::customer_update,
                                 c.id, c.updated_at, json::value_from(c, sp), ""});
  } else if (resource == "product") {
    auto m = map_product(*body, d.store);
    if (auto* e = std::get_if<std::string>(&m)) return malformed(*e);
    const auto& p = std::get<Product>(m);
    change.emplace(WebhookChange{created ? EventType::product_add : EventType::product_update, p.id,
                                 p.updated_at, json::value_from(p, sp), ""});
  } else {
    return result;
  }
  change->dedupe_id = change_key(d, topic);
  result.changes.push_back(std::move(*change));
  return result;
}

}  // namespace cartgate::woo
