#include "platforms/woocommerce/woo_auth.hpp"

#include <algorithm>
#include <charconv>

#include <cartgate/http_message.hpp>
#include <cartgate/sdk/crypto.hpp>

namespace sandbox::woo {

namespace sdk = cartgate::sdk;

namespace {

AuthOutcome fail(std::string code, std::string message, bool basic = false) {
  AuthOutcome o;
  o.code = std::move(code);
  o.message = std::move(message);
  o.basic_challenge = basic;
  return o;
}

AuthOutcome ok() {
  AuthOutcome o;
  o.authenticated = true;
  return o;
}

// perform_basic_authentication(): PHP_AUTH_USER/PW, else consumer_key/consumer_secret params.
std::optional<AuthOutcome> basic(const Store& store, const cartgate::http::Request& request,
                                 const std::vector<Param>& query) {
  std::string key, secret;
  if (auto auth = request.header("Authorization");
      auth && auth->size() > 6 && cartgate::iequals(auth->substr(0, 6), "basic ")) {
    const auto decoded = sdk::base64_decode(auth->substr(6));
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return std::nullopt;
    key = decoded->substr(0, colon);
    secret = decoded->substr(colon + 1);
  } else if (auto k = param(query, "consumer_key"), s = param(query, "consumer_secret"); k && s) {
    key = *k;
    secret = *s;
  } else {
    return std::nullopt;
  }
  if (key != store.credentials.at("consumer_key")) {
    return fail("woocommerce_rest_authentication_error", "Consumer key is invalid.", true);
  }
  if (!sdk::constant_time_equal(secret, store.credentials.at("consumer_secret"))) {
    return fail("woocommerce_rest_authentication_error", "Consumer secret is invalid.", true);
  }
  return ok();
}

}  // namespace

std::string string_to_sign(std::string_view method, std::string_view base_uri,
                           std::vector<Param> params) {
  // uksort($params, 'strcmp') on the raw keys, then each key and value encoded, then each
  // "key=value" encoded again and joined with %26 (join_with_equals_sign).
  std::sort(params.begin(), params.end(),
            [](const Param& a, const Param& b) { return a.key < b.key; });
  std::string query;
  for (const auto& p : params) {
    if (!query.empty()) query += "%26";
    query += rawurlencode(rawurlencode(p.key) + "=" + rawurlencode(p.value));
  }
  return std::string(method) + "&" + rawurlencode(base_uri) + "&" + query;
}

AuthOutcome authenticate(Store& store, const cartgate::http::Request& request,
                         const std::vector<Param>& query, bool tls, std::string_view home_url,
                         std::string_view route, std::chrono::sys_seconds now) {
  if (tls) {
    if (auto outcome = basic(store, request, query)) return *outcome;
  }

  // OAuth parameters come from the query (and form bodies) and, since WC 3.0, the header.
  std::vector<Param> params = query;
  if (auto header = request.header("Authorization")) {
    for (const auto& [k, v] : oauth_header_params(*header)) {
      auto it =
          std::find_if(params.begin(), params.end(), [&](const Param& p) { return p.key == k; });
      if (it != params.end()) {
        it->value = v;
      } else {
        params.push_back({k, v});
      }
    }
  }
  const bool any_oauth = std::any_of(params.begin(), params.end(),
                                     [](const Param& p) { return p.key.starts_with("oauth_"); });
  if (!any_oauth) return {};  // no credentials: the route decides (401 cannot_view)

  std::vector<std::string> missing;
  for (const char* required : {"oauth_consumer_key", "oauth_timestamp", "oauth_nonce",
                               "oauth_signature", "oauth_signature_method"}) {
    if (!param(params, required)) missing.emplace_back(required);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing)
      list += (list.empty() ? "" : ", ") + m;
    return fail("woocommerce_rest_authentication_missing_parameter",
                "Missing OAuth parameter(s) " + list);
  }
  if (*param(params, "oauth_consumer_key") != store.credentials.at("consumer_key")) {
    return fail("woocommerce_rest_authentication_error", "Consumer key is invalid.");
  }

  const std::string method = *param(params, "oauth_signature_method");
  if (method != "HMAC-SHA1" && method != "HMAC-SHA256") {
    return fail("woocommerce_rest_authentication_error",
                "Invalid signature - signature method is invalid.");
  }
  // The provided signature: '+' restored from a space, then rawurldecode()d; then removed.
  std::string provided = *param(params, "oauth_signature");
  std::replace(provided.begin(), provided.end(), ' ', '+');
  params.erase(std::remove_if(params.begin(), params.end(),
                              [](const Param& p) { return p.key == "oauth_signature"; }),
               params.end());

  // get_home_url(null, $request_path, is_ssl() ? 'https' : 'http'): the home URL's host and
  // path, with the scheme the site itself sees (http behind a proxy that terminates TLS).
  std::string_view home = home_url;
  home.remove_prefix(home.starts_with("https://") ? 8 : home.starts_with("http://") ? 7 : 0);
  const std::string base_uri =
      std::string(tls ? "https://" : "http://") + std::string(home) + std::string(route);
  const std::string to_sign = string_to_sign(request.method, base_uri, params);
  const std::string key = store.credentials.at("consumer_secret") + "&";
  const std::string expected = sdk::base64_encode(
      method == "HMAC-SHA1" ? sdk::hmac_sha1(key, to_sign) : sdk::hmac_sha256(key, to_sign));
  if (!sdk::constant_time_equal(provided, expected)) {
    return fail("woocommerce_rest_authentication_error",
                "Invalid signature - provided signature does not match.");
  }

  std::int64_t timestamp = 0;
  const std::string ts = *param(params, "oauth_timestamp");
  auto [ptr, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), timestamp);
  const std::int64_t window = 15 * 60;
  const std::int64_t t = now.time_since_epoch().count();
  if (ec != std::errc() || timestamp < t - window || timestamp > t + window) {
    return fail("woocommerce_rest_authentication_error", "Invalid timestamp.");
  }
  // A nonce may be used once (check_oauth_timestamp_and_nonce keeps them for the window).
  for (auto it = store.seen_nonces.begin(); it != store.seen_nonces.end();) {
    it = it->second < t - window ? store.seen_nonces.erase(it) : std::next(it);
  }
  if (!store.seen_nonces.emplace(*param(params, "oauth_nonce"), timestamp).second) {
    return fail("woocommerce_rest_authentication_error",
                "Invalid nonce - nonce has already been used.");
  }
  return ok();
}

}  // namespace sandbox::woo
