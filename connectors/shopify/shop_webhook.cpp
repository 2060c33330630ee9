#include "shop_webhook.hpp"

#include <cctype>

#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>

#include "shop_mapping.hpp"

namespace cartgate::shop {

namespace {

WebhookResult rejected(std::string reason) {
  return WebhookResult{WebhookVerdict::rejected, std::move(reason), {}};
}

WebhookResult malformed(std::string reason) {
  return WebhookResult{WebhookVerdict::malformed, std::move(reason), {}};
}

std::optional<EventType> event_for(std::string_view topic) {
  if (topic == "orders/create") return EventType::order_add;
  if (topic == "orders/updated" || topic == "orders/paid" || topic == "orders/cancelled" ||
      topic == "orders/fulfilled") {
    return EventType::order_update;
  }
  if (topic == "customers/create") return EventType::customer_add;
  if (topic == "customers/update") return EventType::customer_update;
  if (topic == "products/create") return EventType::product_add;
  if (topic == "products/update") return EventType::product_update;
  if (topic == "carts/create") return EventType::cart_add;
  if (topic == "carts/update") return EventType::cart_update;
  return std::nullopt;
}

// "acme.myshopify.com" from the store's https://acme.myshopify.com (lower case).
std::string shop_domain_of(std::string_view base_url) {
  if (const auto scheme = base_url.find("://"); scheme != std::string_view::npos) {
    base_url.remove_prefix(scheme + 3);
  }
  base_url = base_url.substr(0, base_url.find_first_of("/:"));
  std::string out(base_url);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same_domain(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string dedupe_id_of(const WebhookDelivery& d) {
  return std::string(find_header(d.headers, "X-Shopify-Event-Id")
                         .value_or(find_header(d.headers, "X-Shopify-Webhook-Id").value_or("")));
}

// Shopify cannot read a cart back by its token: the payload is mapped as it is, not re-read.
WebhookResult cart_change(const WebhookDelivery& d, const boost::json::value& body,
                          EventType type) {
  auto mapped = map_cart_webhook(body, d.store);
  if (const auto* why = std::get_if<std::string>(&mapped)) return malformed(*why);
  const Cart& cart = std::get<Cart>(mapped);
  WebhookChange change;
  change.type = type;
  change.entity_id = cart.id;
  change.updated_at = cart.updated_at;
  change.entity = boost::json::value_from(cart);
  change.dedupe_id = dedupe_id_of(d);
  return WebhookResult{WebhookVerdict::accepted, "", {std::move(change)}};
}

}  // namespace

WebhookResult verify_and_parse(const WebhookDelivery& d) {
  auto secret = d.store.credentials.find("api_secret");
  if (secret == d.store.credentials.end() || secret->second.empty()) {
    return rejected("the store has no api_secret");
  }
  const auto hmac = find_header(d.headers, "X-Shopify-Hmac-Sha256");
  if (!hmac) return rejected("missing X-Shopify-Hmac-Sha256");
  const std::string expected = sdk::base64_encode(sdk::hmac_sha256(secret->second, d.body));
  if (!sdk::constant_time_equal(expected, *hmac)) return rejected("signature mismatch");
  // The app's secret signs the deliveries of every shop that installed the app: only the shop
  // domain ties a delivery to this store, so another shop's delivery cannot be replayed here.
  const auto domain = find_header(d.headers, "X-Shopify-Shop-Domain");
  if (!domain) return rejected("missing X-Shopify-Shop-Domain");
  if (!same_domain(*domain, shop_domain_of(d.store.base_url))) {
    return rejected("the delivery is for another shop (X-Shopify-Shop-Domain)");
  }

  const std::string topic(find_header(d.headers, "X-Shopify-Topic").value_or(""));
  WebhookResult result{WebhookVerdict::accepted, "", {}};
  const auto type = event_for(topic);
  if (!type) return result;  // authentic; privacy and app topics have no normalized event
  auto body = sdk::parse_platform_json(d.body);
  if (!body) return malformed("the body is not JSON");
  sdk::Fields f(&*body, "webhook body");
  if (entity_of(*type) == Entity::cart) return cart_change(d, *body, *type);
  auto id = f.id("id");
  if (!id) return malformed("the body names no entity");
  WebhookChange change;
  change.type = *type;
  change.entity_id = *id;
  change.updated_at = f.time("updated_at", parse_rfc3339);
  change.entity = nullptr;
  change.dedupe_id = dedupe_id_of(d);
  result.changes.push_back(std::move(change));
  return result;
}

}  // namespace cartgate::shop
