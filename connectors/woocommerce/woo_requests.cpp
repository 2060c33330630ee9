#include "woo_requests.hpp"

#include <chrono>

#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/oauth1.hpp>

namespace cartgate::woo {

namespace {

std::string setting_or_credential(const std::map<std::string, std::string>& from,
                                  const std::string& name) {
  auto it = from.find(name);
  return it == from.end() ? std::string() : it->second;
}

bool is_https(std::string_view url) {
  return url.starts_with("https://");
}

}  // namespace

std::string_view auth_name(Auth auth) {
  switch (auth) {
    case Auth::basic:
      return "basic";
    case Auth::query_string:
      return "query_string";
    case Auth::oauth:
      return "oauth";
  }
  return "oauth";
}

std::optional<Auth> auth_named(std::string_view name) {
  for (Auth a : {Auth::basic, Auth::query_string, Auth::oauth}) {
    if (auth_name(a) == name) return a;
  }
  return std::nullopt;
}

Auth auth_of(const StoreContext& store) {
  // Keys in clear text (Basic, query string) only ever go over TLS.
  if (!is_https(store.base_url)) return Auth::oauth;
  return auth_named(setting_or_credential(store.settings, "auth")).value_or(Auth::basic);
}

HttpRequest request_as(const StoreContext& store, const CallEnvironment& env, Auth auth,
                       std::string_view method, std::string_view route,
                       const sdk::QueryParams& query, std::string body, int index) {
  if (!is_https(store.base_url)) auth = Auth::oauth;
  const std::string path = "/wp-json/wc/v3/" + std::string(route);
  const std::string key = setting_or_credential(store.credentials, "consumer_key");
  const std::string secret = setting_or_credential(store.credentials, "consumer_secret");
  HttpRequest req;
  req.method = std::string(method);
  sdk::QueryParams sent = query;
  switch (auth) {
    case Auth::basic:
      req.headers.push_back({"Authorization", "Basic " + sdk::base64_encode(key + ":" + secret)});
      break;
    case Auth::query_string:
      sent.push_back({"consumer_key", key});
      sent.push_back({"consumer_secret", secret});
      break;
    case Auth::oauth: {
      // Signed for the URL the site believes it has (its home URL), sent to the one that
      // reaches it; in the query, which no host strips.
      std::string signing = setting_or_credential(store.settings, "signing_url");
      if (signing.empty()) signing = store.base_url;
      const std::string nonce =
          index == 0 ? env.nonce : sdk::derive_nonce(env.nonce, static_cast<std::size_t>(index));
      const sdk::OAuth1Signer signer{key, secret, "", "", sdk::OAuthMethod::hmac_sha256, false};
      const auto timestamp = env.now.time_since_epoch().count();
      for (auto& p :
           sdk::oauth1_parameters(signer, req.method, signing + path, query, nonce, timestamp)) {
        sent.push_back(std::move(p));
      }
      break;
    }
  }
  req.url = sdk::make_url(store.base_url, path, sent);
  req.headers.push_back({"Accept", "application/json"});
  if (!body.empty()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = std::move(body);
  }
  return req;
}

HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string body,
                    int index) {
  return request_as(store, env, auth_of(store), method, route, query, std::move(body), index);
}

HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query) {
  return request(store, env, "GET", route, query, {}, 0);
}

HttpRequest site_index(const StoreContext& store) {
  HttpRequest req;
  req.method = "GET";
  req.url = store.base_url + "/wp-json/";
  req.headers.push_back({"Accept", "application/json"});
  return req;
}

}  // namespace cartgate::woo
