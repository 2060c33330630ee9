#include "woo_requests.hpp"

#include <chrono>

#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/oauth1.hpp>

namespace cartgate::woo {

namespace {

std::string credential(const StoreContext& store, const std::string& name) {
  auto it = store.credentials.find(name);
  return it == store.credentials.end() ? std::string() : it->second;
}

}  // namespace

HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string body,
                    int index) {
  const std::string path = "/wp-json/wc/v3/" + std::string(route);
  HttpRequest req;
  req.method = std::string(method);
  req.url = sdk::make_url(store.base_url, path, query);
  req.headers.push_back({"Accept", "application/json"});
  if (!body.empty()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = std::move(body);
  }
  const std::string key = credential(store, "consumer_key");
  const std::string secret = credential(store, "consumer_secret");
  if (store.base_url.starts_with("https://")) {
    req.headers.push_back({"Authorization", "Basic " + sdk::base64_encode(key + ":" + secret)});
  } else {
    const std::string nonce =
        index == 0 ? env.nonce : sdk::derive_nonce(env.nonce, static_cast<std::size_t>(index));
    sdk::OAuth1Signer signer{key, secret, "", "", sdk::OAuthMethod::hmac_sha256, false};
    const auto timestamp = env.now.time_since_epoch().count();
    req.headers.push_back(
        {"Authorization", sdk::oauth1_authorization(signer, req.method, store.base_url + path,
                                                    query, nonce, timestamp)});
  }
  return req;
}

HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query) {
  return request(store, env, "GET", route, query, {}, 0);
}

}  // namespace cartgate::woo
