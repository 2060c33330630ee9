#include "bc_webhook.hpp"

#include <charconv>

#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_json.hpp>

#include "bc_webhook_admin.hpp"

namespace cartgate::bc {

namespace {

constexpr std::int64_t kToleranceSeconds = 300;  // the reference libraries' 5 minutes

WebhookResult rejected(std::string reason) {
  return WebhookResult{WebhookVerdict::rejected, std::move(reason), {}};
}

WebhookResult malformed(std::string reason) {
  return WebhookResult{WebhookVerdict::malformed, std::move(reason), {}};
}

// "v1,<base64> v1,<base64> ...": true if any v1 signature matches.
bool signature_matches(std::string_view header, const std::string& expected) {
  bool match = false;
  while (!header.empty()) {
    const auto space = header.find(' ');
    const std::string_view one = header.substr(0, space);
    if (one.starts_with("v1,")) match = sdk::constant_time_equal(one.substr(3), expected) || match;
    header = space == std::string_view::npos ? std::string_view() : header.substr(space + 1);
  }
  return match;
}

std::optional<EventType> event_for(std::string_view scope) {
  if (scope == "store/order/created") return EventType::order_add;
  if (scope == "store/order/updated" || scope == "store/order/statusUpdated" ||
      scope == "store/order/refund/created") {
    return EventType::order_update;
  }
  if (scope == "store/customer/created") return EventType::customer_add;
  if (scope == "store/customer/updated" || scope.starts_with("store/customer/address/")) {
    return EventType::customer_update;
  }
  if (scope == "store/product/created") return EventType::product_add;
  // A variant's change is its SKU's: store/product/updated covers the product's own fields.
  if (scope == "store/product/updated" || scope == "store/product/inventory/updated" ||
      scope == "store/sku/updated" || scope == "store/sku/inventory/updated") {
    return EventType::product_update;
  }
  if (scope == "store/cart/created") return EventType::cart_add;
  if (scope == "store/cart/updated" || scope == "store/cart/couponApplied" ||
      scope.starts_with("store/cart/lineItem/")) {
    return EventType::cart_update;
  }
  if (scope == "store/cart/abandoned") return EventType::cart_abandoned;
  if (scope == "store/cart/converted") return EventType::cart_converted;
  return std::nullopt;
}

}  // namespace

WebhookResult verify_and_parse(const WebhookDelivery& d) {
  auto secret = d.store.credentials.find("client_secret");
  if (secret == d.store.credentials.end() || secret->second.empty()) {
    return rejected("the store has no client secret");
  }
  const auto id = find_header(d.headers, "webhook-id");
  const auto timestamp = find_header(d.headers, "webhook-timestamp");
  const auto signature = find_header(d.headers, "webhook-signature");
  if (!id || !timestamp || !signature || id->empty()) {
    return rejected("missing Standard Webhooks headers");
  }
  std::int64_t sent = 0;
  auto [p, ec] = std::from_chars(timestamp->data(), timestamp->data() + timestamp->size(), sent);
  if (ec != std::errc() || p != timestamp->data() + timestamp->size()) {
    return rejected("malformed webhook-timestamp");
  }
  const std::int64_t now = d.now.time_since_epoch().count();
  if (sent < now - kToleranceSeconds || sent > now + kToleranceSeconds) {
    return rejected("webhook-timestamp outside the 5-minute tolerance");
  }
  const std::string signed_content =
      std::string(*id) + "." + std::string(*timestamp) + "." + std::string(d.body);
  const std::string expected = sdk::base64_encode(sdk::hmac_sha256(secret->second, signed_content));
  if (!signature_matches(*signature, expected)) return rejected("signature mismatch");
  // The app's secret signs for every store that installed it: the token the gateway set on
  // this store's hooks shows the delivery was meant for this store.
  const auto token = find_header(d.headers, kStoreTokenHeader);
  if (!token || !sdk::constant_time_equal(*token, store_token(d.store))) {
    return rejected("the delivery does not carry this store's token");
  }

  auto body = sdk::parse_platform_json(d.body);
  if (!body) return malformed("the body is not JSON");
  sdk::Fields f(&*body, "webhook");
  const auto scope = f.text("scope").value_or("");
  const sdk::Fields data = f.object("data");
  WebhookResult result{WebhookVerdict::accepted, "", {}};
  const auto type = event_for(scope);
  if (!type) return result;  // authentic, but nothing the schema has an event for
  // Line-item events name the cart in data.cartId, SKU events the product in
  // data.sku.product_id or data.inventory.product_id; the others name it in data.id.
  std::optional<std::string> entity_id;
  if (scope.starts_with("store/cart/lineItem/")) {
    entity_id = data.id("cartId");
  } else if (scope == "store/sku/updated") {
    entity_id = data.object("sku").id("product_id");
  } else if (scope == "store/sku/inventory/updated") {
    entity_id = data.object("inventory").id("product_id");
  } else {
    entity_id = data.id("id");
  }
  if (!entity_id) return malformed("the payload names no entity");
  WebhookChange change;
  change.type = *type;
  change.entity_id = *entity_id;
  change.entity = nullptr;  // thin payload: fetched before dispatch
  change.dedupe_id = std::string(*id);
  result.changes.push_back(std::move(change));
  return result;
}

}  // namespace cartgate::bc
