#include "platforms/magento/mage_auth.hpp"

#include <algorithm>
#include <charconv>

#include <cartgate/http_message.hpp>
#include <cartgate/sdk/crypto.hpp>

namespace sandbox::mage {

namespace sdk = cartgate::sdk;
using namespace std::chrono;

namespace {

constexpr const char* kNotAuthorized = "The consumer isn't authorized to access %resources.";

std::string rawurldecode(std::string_view in) {
  const auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

AuthOutcome denied(std::string message = kNotAuthorized) {
  return {false, std::move(message)};
}

}  // namespace

std::vector<Param> oauth_query(std::string_view raw) {
  std::vector<Param> out;
  while (!raw.empty()) {
    const auto amp = raw.find('&');
    const auto pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos || pair.find('=', eq + 1) != std::string_view::npos) continue;
    std::string key = rawurldecode(pair.substr(0, eq));
    std::string value = rawurldecode(pair.substr(eq + 1));
    auto it = std::find_if(out.begin(), out.end(), [&](const Param& p) { return p.key == key; });
    if (it != out.end()) {
      it->value = std::move(value);  // a later duplicate overwrites
    } else {
      out.push_back({std::move(key), std::move(value)});
    }
  }
  return out;
}

std::string base_string(std::string_view method, std::string_view url, std::vector<Param> params) {
  for (auto& p : params) {
    p.key = rawurlencode(p.key);
    p.value = rawurlencode(p.value);
  }
  std::sort(params.begin(), params.end(), [](const Param& a, const Param& b) {
    return a.key != b.key ? a.key < b.key : a.value < b.value;
  });
  std::string joined;
  for (const auto& p : params) {
    if (!joined.empty()) joined += "&";
    joined += p.key + "=" + p.value;
  }
  return std::string(method) + "&" + rawurlencode(url) + "&" + rawurlencode(joined);
}

std::optional<std::string> issue_admin_token(Store& store, const std::string& username,
                                             const std::string& password, sys_seconds now) {
  if (username != store.credentials.at("admin_username") ||
      !sdk::constant_time_equal(password, store.credentials.at("admin_password"))) {
    return std::nullopt;
  }
  const std::string token = sdk::hex_encode(sdk::random_bytes(16));
  store.admin_tokens[token] = now + hours(4);  // Admin token lifetime (default 4 hours)
  return token;
}

AuthOutcome authenticate(Store& store, const cartgate::http::Request& request, std::string_view url,
                         sys_seconds now) {
  const auto header = request.header("Authorization");
  if (!header) return denied();
  const std::string_view h = *header;
  if (h.size() > 7 && cartgate::iequals(h.substr(0, 7), "bearer ")) {
    const std::string token(h.substr(7));
    if (auto it = store.admin_tokens.find(token); it != store.admin_tokens.end()) {
      if (it->second > now) return {true, {}};
      store.admin_tokens.erase(it);
      return denied();
    }
    // An integration's access token works as a Bearer token only if the store allows it.
    if (sdk::constant_time_equal(token, store.credentials.at("access_token")) &&
        store.settings["integration_as_bearer"] == "true") {
      return {true, {}};
    }
    return denied();
  }

  const auto oauth = oauth_header_params(h);
  if (oauth.empty()) return denied();
  std::vector<Param> params = oauth_query(request.query);
  std::string provided;
  for (const auto& [k, v] : oauth) {
    if (k == "oauth_signature") {
      provided = v;
    } else {
      params.push_back({k, v});
    }
  }
  const auto get = [&](const char* key) { return param(params, key).value_or(""); };
  if (get("oauth_consumer_key") != store.credentials.at("consumer_key")) {
    return denied("A consumer having the specified key does not exist");
  }
  if (get("oauth_token") != store.credentials.at("access_token")) {
    return denied("Specified token does not exist");
  }
  const std::string method = get("oauth_signature_method");
  if (method != "HMAC-SHA256" && method != "HMAC-SHA1") {
    return denied("Signature method " + method + " is not supported");
  }
  const std::string key = rawurlencode(store.credentials.at("consumer_secret")) + "&" +
                          rawurlencode(store.credentials.at("access_token_secret"));
  const std::string base = base_string(request.method, url, params);
  const std::string expected = sdk::base64_encode(
      method == "HMAC-SHA1" ? sdk::hmac_sha1(key, base) : sdk::hmac_sha256(key, base));
  if (!sdk::constant_time_equal(provided, expected)) return denied("Invalid signature");

  std::int64_t ts = 0;
  const std::string ts_text = get("oauth_timestamp");
  auto [p, ec] = std::from_chars(ts_text.data(), ts_text.data() + ts_text.size(), ts);
  const std::int64_t t = now.time_since_epoch().count();
  if (ec != std::errc() || ts <= 0 || ts > t + 600 || ts < t - 600) {
    return denied("Invalid timestamp");
  }
  for (auto it = store.seen_nonces.begin(); it != store.seen_nonces.end();) {
    it = it->second < t - 600 ? store.seen_nonces.erase(it) : std::next(it);
  }
  if (!store.seen_nonces.emplace(get("oauth_nonce"), ts).second) {
    return denied("The nonce is already being used by the consumer with ID 1.");
  }
  return {true, {}};
}

}  // namespace sandbox::mage
