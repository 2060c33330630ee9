#include "platforms/woocommerce/woo_webhooks.hpp"

#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/crypto.hpp>

#include "common/php_json.hpp"
#include "platforms/woocommerce/woo_reply.hpp"
#include "util/wall_clock.hpp"

namespace sandbox::woo {

namespace json = boost::json;
namespace sdk = cartgate::sdk;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr const char* kUserAgent = "WooCommerce/9.3.3 Hookshot (WordPress/6.6.2)";
constexpr int kMaxFailures = 5;  // woocommerce_max_webhook_delivery_failures

bool valid_topic(const std::string& topic) {
  static const std::vector<std::string> kTopics{
      "coupon.created",   "coupon.updated",   "coupon.deleted",   "coupon.restored",
      "customer.created", "customer.updated", "customer.deleted", "order.created",
      "order.updated",    "order.deleted",    "order.restored",   "product.created",
      "product.updated",  "product.deleted",  "product.restored"};
  return std::find(kTopics.begin(), kTopics.end(), topic) != kTopics.end() ||
         (topic.starts_with("action.") && topic.size() > 7);
}

bool valid_url(const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  return u && (u->scheme() == "http" || u->scheme() == "https") && !u->host().empty();
}

Subscription* find(Store& store, std::int64_t id) {
  for (auto& s : store.subscriptions) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

// Reads the JSON body of a create/update (the client sends application/json).
std::optional<json::object> body_of(const Request& request) {
  if (request.body.empty()) return json::object{};
  boost::system::error_code ec;
  auto jv = json::parse(request.body, ec);
  if (ec || !jv.is_object()) return std::nullopt;
  return jv.as_object();
}

std::optional<std::string> text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

// Applies name/status/topic/delivery_url/secret; answers an error if one is invalid.
std::optional<Response> apply(Subscription& s, const json::object& body) {
  if (auto v = text(body, "name")) s.name = *v;
  if (auto v = text(body, "status")) {
    if (*v != "active" && *v != "paused" && *v != "disabled") {
      return invalid_param("status", "status is not one of active, paused, and disabled.");
    }
    s.status = *v;
  }
  if (auto v = text(body, "topic")) {
    if (!valid_topic(*v)) {
      return wp_error(400, "woocommerce_rest_webhook_invalid_topic",
                      "Webhook topic is required and must be valid.");
    }
    s.topic = *v;
  }
  if (auto v = text(body, "delivery_url")) {
    if (!valid_url(*v)) {
      return wp_error(
          400, "woocommerce_rest_webhook_invalid_delivery_url",
          "Webhook delivery URL must be a valid URL starting with http:// or https://.");
    }
    s.url = *v;
  }
  if (auto v = text(body, "secret")) s.secret = *v;
  return std::nullopt;
}

}  // namespace

WebhookRoute handle_webhooks(Store& store, const Request& request, const std::vector<Param>& query,
                             const std::string& item, const Links& links, Time now) {
  std::int64_t id = 0;
  if (!item.empty() && !parse_int(item, id)) return {no_route(), std::nullopt};
  const std::string& method = request.method;

  if (item.empty() && method == "GET") {
    const auto status = param(query, "status").value_or("all");
    json::array out;
    for (const auto& s : store.subscriptions) {
      if (status == "all" || status == s.status) out.push_back(render_webhook(store, s, links));
    }
    Response r = reply(200, out);
    r.headers.push_back({"X-WP-Total", std::to_string(out.size())});
    r.headers.push_back({"X-WP-TotalPages", out.empty() ? "0" : "1"});
    return {r, std::nullopt};
  }

  if (item.empty() && method == "POST") {
    auto body = body_of(request);
    if (!body)
      return {wp_error(400, "rest_invalid_json", "Invalid JSON body passed."), std::nullopt};
    std::string missing;
    for (const char* required : {"topic", "delivery_url"}) {
      if (!text(*body, required)) missing += (missing.empty() ? "" : ", ") + std::string(required);
    }
    if (!missing.empty()) {
      return {wp_error(400, "rest_missing_callback_param", "Missing parameter(s): " + missing,
                       json::object{{"params", json::array{}}}),
              std::nullopt};
    }
    Subscription s;
    s.id = store.next_subscription_id++;
    s.name = "Webhook created on " + std::to_string(now.time_since_epoch().count());
    s.created = s.updated = now;
    // Without a secret WooCommerce generates one (wp_generate_password).
    s.secret = sdk::base64url_encode(sdk::random_bytes(36));
    if (auto error = apply(s, *body)) return {*error, std::nullopt};
    store.subscriptions.push_back(s);
    Response r = reply(201, render_webhook(store, s, links));
    r.headers.push_back({"Location", "/wp-json/wc/v3/webhooks/" + std::to_string(s.id)});
    // deliver_ping(): a form body, no X-WC-Webhook-* headers, no signature.
    cartgate::HttpRequest ping;
    ping.method = "POST";
    ping.url = s.url;
    ping.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                    {"User-Agent", kUserAgent}};
    ping.body = "webhook_id=" + std::to_string(s.id);
    return {r, ping};
  }

  Subscription* s = find(store, id);
  if (s == nullptr) {
    return {wp_error(404, "woocommerce_rest_webhook_invalid_id", "Invalid ID."), std::nullopt};
  }
  if (method == "GET") return {reply(200, render_webhook(store, *s, links)), std::nullopt};
  if (method == "PUT" || method == "PATCH" || method == "POST") {
    auto body = body_of(request);
    if (!body)
      return {wp_error(400, "rest_invalid_json", "Invalid JSON body passed."), std::nullopt};
    Subscription updated = *s;
    if (auto error = apply(updated, *body)) return {*error, std::nullopt};
    updated.updated = now;
    *s = updated;  // note: re-enabling does not reset the failure count, as in WooCommerce
    return {reply(200, render_webhook(store, *s, links)), std::nullopt};
  }
  if (method == "DELETE") {
    const auto force = param(query, "force").value_or("");
    if (force != "true" && force != "1") {
      return {wp_error(501, "woocommerce_rest_trash_not_supported",
                       "Webhooks do not support trashing."),
              std::nullopt};
    }
    const json::object previous = render_webhook(store, *s, links);
    std::erase_if(store.subscriptions, [id](const Subscription& x) { return x.id == id; });
    return {reply(200, previous), std::nullopt};
  }
  return {no_route(), std::nullopt};
}

namespace {

// WC_Webhook::get_new_delivery_id(): wp_hash(webhook id . strtotime('now')), an HMAC-MD5 under
// the site's salt, hex. Not unique: every delivery of one webhook within a second shares it.
std::string delivery_id(const std::string& site, std::int64_t webhook_id) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           cartgate::util::wall_now().time_since_epoch())
                           .count();
  const std::string salt = "wp-salt:" + site;
  return sdk::hex_encode(
      sdk::hmac_sha256(salt, std::to_string(webhook_id) + std::to_string(seconds)).substr(0, 16));
}

}  // namespace

void notify(Store& store, Dispatcher& dispatcher, const std::string& resource,
            const std::string& event, std::int64_t id, const std::string& home_url) {
  const std::string topic = resource + "." + event;
  for (const auto& sub : store.subscriptions) {
    if (sub.topic != topic || sub.status != "active") continue;
    const std::string key = std::to_string(sub.id) + "/" + resource + "/" + std::to_string(id);
    // Action Scheduler de-duplicates: a delivery already queued for this webhook and resource
    // will carry the newest state when it runs.
    if (!store.queued_deliveries.insert(key).second) continue;

    auto out = std::make_shared<Outbound>();
    out->store_id = store.id;
    out->subscription_id = sub.id;
    out->topic = topic;
    out->initial_delay = std::chrono::milliseconds(200);  // the async queue runner
    out->timeout = std::chrono::seconds(60);
    out->succeeded = [](int status) { return status >= 200 && status < 303; };
    Store* st = &store;
    const std::int64_t sub_id = sub.id;
    out->build = [st, sub_id, key, resource, event, id, topic, home_url]() {
      std::lock_guard lock(st->mutex);
      st->queued_deliveries.erase(key);
      const Subscription* s = nullptr;
      for (const auto& x : st->subscriptions) {
        if (x.id == sub_id) s = &x;
      }
      const Links links{home_url};
      json::value payload = json::object{{"id", id}};
      if (event != "deleted") {
        if (resource == "order") {
          if (const Order* o = st->find_order(id)) {
            payload = render_order(*st, *o, links, cartgate::minor_unit_digits(st->currency));
          }
        } else if (resource == "customer") {
          if (const Customer* c = st->find_customer(id)) payload = render_customer(*st, *c, links);
        } else if (resource == "product") {
          if (const Product* p = st->find_product(id)) payload = render_product(*st, *p, links);
        }
      }
      cartgate::HttpRequest r;
      r.method = "POST";
      r.url = s ? s->url : std::string();
      r.body = php_json_encode(payload);
      const std::string secret = s ? s->secret : std::string();
      r.headers = {
          {"Content-Type", "application/json"},
          {"User-Agent", kUserAgent},
          {"X-WC-Webhook-Source", home_url + "/"},
          {"X-WC-Webhook-Topic", topic},
          {"X-WC-Webhook-Resource", resource},
          {"X-WC-Webhook-Event", event},
          {"X-WC-Webhook-Signature", sdk::base64_encode(sdk::hmac_sha256(secret, r.body))},
          {"X-WC-Webhook-ID", std::to_string(sub_id)},
          {"X-WC-Webhook-Delivery-ID", delivery_id(st->id, sub_id)},
      };
      return r;
    };
    // No retries. A failure counts; the one after the fifth consecutive failure disables.
    out->on_attempt = [st, sub_id](const Attempt& a) {
      std::lock_guard lock(st->mutex);
      for (auto& x : st->subscriptions) {
        if (x.id != sub_id) continue;
        if (a.success) {
          x.consecutive_failures = 0;
        } else if (x.consecutive_failures > kMaxFailures) {
          x.status = "disabled";
        } else {
          ++x.consecutive_failures;
        }
      }
      return false;
    };
    dispatcher.submit(out);
  }
}

}  // namespace sandbox::woo
