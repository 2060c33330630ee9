#include "platforms/bigcommerce/bc_webhooks.hpp"

#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "common/php_json.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"
#include "util/wall_clock.hpp"

namespace sandbox::bc {

namespace json = boost::json;
namespace sdk = cartgate::sdk;
using cartgate::http::Request;
using cartgate::http::Response;
using std::chrono::seconds;

namespace {

const std::vector<std::string>& known_scopes() {
  static const std::vector<std::string> kScopes{"store/order/*",
                                                "store/order/created",
                                                "store/order/updated",
                                                "store/order/archived",
                                                "store/order/statusUpdated",
                                                "store/order/message/created",
                                                "store/order/refund/created",
                                                "store/customer/*",
                                                "store/customer/created",
                                                "store/customer/updated",
                                                "store/customer/deleted",
                                                "store/product/*",
                                                "store/product/created",
                                                "store/product/updated",
                                                "store/product/deleted",
                                                "store/product/inventory/updated",
                                                "store/sku/*",
                                                "store/sku/created",
                                                "store/sku/updated",
                                                "store/sku/deleted",
                                                "store/sku/inventory/updated",
                                                "store/cart/*",
                                                "store/cart/created",
                                                "store/cart/updated",
                                                "store/cart/deleted",
                                                "store/cart/couponApplied",
                                                "store/cart/abandoned",
                                                "store/cart/converted",
                                                "store/cart/lineItem/*",
                                                "store/cart/lineItem/created",
                                                "store/cart/lineItem/updated",
                                                "store/cart/lineItem/deleted",
                                                "store/shipment/*",
                                                "store/shipment/created",
                                                "store/shipment/updated",
                                                "store/shipment/deleted",
                                                "store/app/uninstalled"};
  return kScopes;
}

bool covers(const std::string& hook_scope, const std::string& event) {
  if (hook_scope == event) return true;
  if (!hook_scope.ends_with("/*")) return false;
  const std::string prefix = hook_scope.substr(0, hook_scope.size() - 1);  // "store/order/"
  // store/cart/* covers store/cart/created but not store/cart/lineItem/created.
  return event.starts_with(prefix) && event.find('/', prefix.size()) == std::string::npos;
}

Response error(int status, const std::string& title, json::object errors = {}) {
  json::object extra;
  if (!errors.empty()) extra["errors"] = std::move(errors);
  return v3_error(status, title, std::move(extra));
}

Response one(const Store& store, const Subscription& s) {
  return reply(200, json::object{{"data", render_hook(store, s)}, {"meta", json::object{}}});
}

// Destinations must be HTTPS on port 443 on BigCommerce (422 otherwise); the sandbox relaxes
// this only for a store whose "strict_destinations" setting is "false" (--hook-destinations
// any), so tests can use local plain-HTTP receivers.
std::optional<std::string> check_destination(const Store& store, const std::string& url) {
  auto u = boost::urls::parse_absolute_uri(url);
  if (!u || u->host().empty() || (u->scheme() != "https" && u->scheme() != "http")) {
    return "destination must be a valid URL";
  }
  const auto strict = store.settings.find("strict_destinations");
  if ((strict == store.settings.end() || strict->second != "false") &&
      (u->scheme() != "https" || (u->has_port() && u->port() != "443"))) {
    return "destination must use HTTPS on port 443";
  }
  return std::nullopt;
}

}  // namespace

Response handle_hooks(Store& store, const Request& request, const std::vector<std::string>& parts,
                      Time now) {
  json::object body;
  if (!request.body.empty()) {
    boost::system::error_code ec;
    auto jv = json::parse(request.body, ec);
    if (ec || !jv.is_object()) return error(400, "Input is invalid");
    body = jv.as_object();
  }
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const auto* v = body.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
  };
  const auto apply = [&](Subscription& s) -> std::optional<Response> {
    if (auto scope = text("scope")) {
      const auto& scopes = known_scopes();
      if (std::find(scopes.begin(), scopes.end(), *scope) == scopes.end()) {
        return error(422, "Input is invalid",
                     json::object{{"scope", "Scope is not a valid webhook scope."}});
      }
      s.topic = *scope;
    }
    if (auto destination = text("destination")) {
      if (auto why = check_destination(store, *destination)) {
        return error(422, "Input is invalid", json::object{{"destination", *why}});
      }
      s.url = *destination;
    }
    if (const auto* active = body.if_contains("is_active"); active && active->is_bool()) {
      s.status = active->as_bool() ? "active" : "inactive";
    }
    if (const auto* headers = body.if_contains("headers"); headers && headers->is_object()) {
      s.headers.clear();
      for (const auto& kv : headers->as_object()) {
        if (kv.value().is_string()) s.headers[std::string(kv.key())] = kv.value().as_string();
      }
    }
    return std::nullopt;
  };

  if (parts.size() == 1 && request.method == "GET") {
    json::array data;
    for (const auto& s : store.subscriptions)
      data.push_back(render_hook(store, s));
    const auto total = static_cast<std::int64_t>(data.size());
    return reply(
        200,
        json::object{{"data", std::move(data)},
                     {"meta", json::object{{"pagination", json::object{{"total", total},
                                                                       {"count", total},
                                                                       {"per_page", 50},
                                                                       {"current_page", 1},
                                                                       {"total_pages", 1}}}}}});
  }
  if (parts.size() == 1 && request.method == "POST") {
    if (!text("scope") || !text("destination")) {
      return error(422, "Input is invalid",
                   json::object{{"scope", "required"}, {"destination", "required"}});
    }
    Subscription s;
    s.id = store.next_subscription_id++;
    s.created = s.updated = now;
    if (auto e = apply(s)) return *e;
    int same_scope = 0;
    for (const auto& x : store.subscriptions) {
      if (x.topic == s.topic && x.url == s.url) {
        return error(422, "Input is invalid",
                     json::object{{"destination",
                                   "A webhook with this scope and destination already exists."}});
      }
      same_scope += x.topic == s.topic ? 1 : 0;
    }
    if (same_scope >= 10) {
      return error(422, "Input is invalid",
                   json::object{{"scope", "At most 10 webhooks per scope."}});
    }
    store.subscriptions.push_back(s);
    return one(store, s);
  }
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), id);
  Subscription* s = nullptr;
  for (auto& x : store.subscriptions) {
    if (ec == std::errc() && x.id == id) s = &x;
  }
  if (s == nullptr) return error(404, "Webhook not found");
  if (request.method == "GET") return one(store, *s);
  if (request.method == "PUT") {
    Subscription updated = *s;
    if (auto e = apply(updated)) return *e;
    updated.updated = now;
    *s = updated;
    return one(store, *s);
  }
  if (request.method == "DELETE") {
    Response r = one(store, *s);
    std::erase_if(store.subscriptions, [id](const Subscription& x) { return x.id == id; });
    return r;
  }
  return error(405, "Method not allowed");
}

void notify(Store& store, Dispatcher& dispatcher, const std::string& scope, json::object data,
            Time now) {
  const std::string data_text = json_encode(data);
  const json::object payload{{"scope", scope},
                             {"store_id", store.settings.at("store_id")},
                             {"data", data},
                             {"hash", sdk::hex_encode(sdk::sha1(data_text))},
                             {"created_at", now.time_since_epoch().count()},
                             {"producer", "stores/" + store.id}};
  const std::string body = json_encode(payload);
  for (const auto& sub : store.subscriptions) {
    if (sub.status != "active" || !covers(sub.topic, scope)) continue;
    auto out = std::make_shared<Outbound>();
    out->store_id = store.id;
    out->subscription_id = sub.id;
    out->topic = scope;
    out->timeout = seconds(10);
    // 11 retries over about 48 hours (overview.mdx), then the hook is deactivated.
    for (int s : {60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400}) {
      out->retries.push_back(seconds(s));
    }
    const std::string message_id = "msg_" + sdk::hex_encode(sdk::random_bytes(12));
    const std::string url = sub.url;
    const auto headers = sub.headers;
    const std::string secret = store.credentials.at("client_secret");
    out->build = [=]() {
      // Standard Webhooks: the same webhook-id on every attempt, a fresh timestamp.
      const std::string ts = std::to_string(
          std::chrono::floor<seconds>(cartgate::util::wall_now()).time_since_epoch().count());
      cartgate::HttpRequest r;
      r.method = "POST";
      r.url = url;
      r.body = body;
      r.headers = {{"Content-Type", "application/json"},
                   {"webhook-id", message_id},
                   {"webhook-timestamp", ts},
                   {"webhook-signature", "v1," + sdk::base64_encode(sdk::hmac_sha256(
                                                     secret, message_id + "." + ts + "." + body))}};
      for (const auto& [k, v] : headers)
        r.headers.push_back({k, v});
      return r;
    };
    Store* st = &store;
    const std::int64_t sub_id = sub.id;
    out->on_attempt = [st, sub_id](const Attempt&) {
      std::lock_guard lock(st->mutex);
      for (const auto& x : st->subscriptions) {
        if (x.id == sub_id) return x.status == "active";
      }
      return false;  // deleted meanwhile: stop retrying
    };
    out->on_exhausted = [st, sub_id]() {
      std::lock_guard lock(st->mutex);
      for (auto& x : st->subscriptions) {
        if (x.id == sub_id) x.status = "inactive";
      }
    };
    dispatcher.submit(out);
  }
}

}  // namespace sandbox::bc
