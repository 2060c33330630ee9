#include "mage_requests.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/oauth1.hpp>
#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::mage {

namespace {

std::string value_of(const std::map<std::string, std::string>& m, const std::string& name) {
  auto it = m.find(name);
  return it == m.end() ? std::string() : it->second;
}

}  // namespace

SearchCriteria& SearchCriteria::filter(std::string_view field, std::string_view value,
                                       std::string_view condition) {
  const std::string prefix =
      "searchCriteria[filter_groups][" + std::to_string(groups_++) + "][filters][0]";
  params_.push_back({prefix + "[field]", std::string(field)});
  params_.push_back({prefix + "[value]", std::string(value)});
  params_.push_back({prefix + "[condition_type]", std::string(condition)});
  return *this;
}

SearchCriteria& SearchCriteria::sort(std::string_view field, std::string_view direction) {
  const std::string prefix = "searchCriteria[sortOrders][" + std::to_string(sorts_++) + "]";
  params_.push_back({prefix + "[field]", std::string(field)});
  params_.push_back({prefix + "[direction]", std::string(direction)});
  return *this;
}

SearchCriteria& SearchCriteria::page(int size, int current) {
  params_.push_back({"searchCriteria[pageSize]", std::to_string(size)});
  params_.push_back({"searchCriteria[currentPage]", std::to_string(current)});
  return *this;
}

HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query, std::size_t index) {
  return request(store, env, "GET", route, query, {}, index);
}

HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string json_body,
                    std::size_t index) {
  return request_in(store, env, value_of(store.settings, "store_code"), method, route, query,
                    std::move(json_body), index);
}

HttpRequest request_in(const StoreContext& store, const CallEnvironment& env, std::string_view code,
                       std::string_view method, std::string_view route,
                       const sdk::QueryParams& query, std::string json_body, std::size_t index) {
  const std::string path = "/rest/" + (code.empty() ? std::string() : std::string(code) + "/") +
                           "V1/" + std::string(route);
  HttpRequest req;
  req.method = std::string(method);
  req.url = sdk::make_url(store.base_url, path, query);
  req.headers.push_back({"Accept", "application/json"});
  const auto& creds = store.credentials;
  // A bearer token crosses the wire as it is, so it is sent over HTTPS only; over plain HTTP
  // the same integration signs each request (OAuth 1.0a), which keeps its secrets off the wire.
  if (value_of(store.settings, "auth") == "bearer" && store.base_url.starts_with("https://")) {
    req.headers.push_back({"Authorization", "Bearer " + value_of(creds, "access_token")});
  } else {
    const sdk::OAuth1Signer signer{
        value_of(creds, "consumer_key"), value_of(creds, "consumer_secret"),
        value_of(creds, "access_token"), value_of(creds, "access_token_secret"),
        sdk::OAuthMethod::hmac_sha256,   true};
    req.headers.push_back(
        {"Authorization", sdk::oauth1_authorization(signer, method, store.base_url + path, query,
                                                    sdk::derive_nonce(env.nonce, index),
                                                    env.now.time_since_epoch().count())});
  }
  // A JSON body is not part of the OAuth signature (only form bodies are, RFC 5849 3.4.1.3).
  if (!json_body.empty()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = std::move(json_body);
  }
  return req;
}

std::string filled_message(const boost::json::object& said) {
  const auto* m = said.if_contains("message");
  if (m == nullptr || !m->is_string()) return {};
  std::string message(m->get_string());
  const auto put = [&](const std::string& placeholder, const boost::json::value& value) {
    const auto at = message.find(placeholder);
    if (at == std::string::npos) return;
    // Numbers (a store id, a price) are put in as Magento would print them.
    const std::string text = value.is_string()   ? std::string(value.get_string())
                             : value.is_number() ? boost::json::serialize(value)
                                                 : std::string();
    message.replace(at, placeholder.size(), text);
  };
  if (const auto* p = said.if_contains("parameters"); p != nullptr && p->is_object()) {
    for (const auto& [name, value] : p->get_object())
      put("%" + std::string(name), value);
  } else if (p != nullptr && p->is_array()) {
    // From the last, so that %1 does not take the front of %10.
    for (std::size_t i = p->get_array().size(); i > 0; --i)
      put("%" + std::to_string(i), p->get_array()[i - 1]);
  }
  // Validation errors come one per line; a problem's detail is one line.
  std::replace(message.begin(), message.end(), '\n', ' ');
  return message.substr(0, 500);
}

namespace {

std::string message_of(const HttpResponse& r) {
  auto body = sdk::parse_platform_json(r.body);
  const auto* o = body ? body->if_object() : nullptr;
  return o != nullptr ? filled_message(*o) : std::string();
}

}  // namespace

StepOutcome refused_write(const HttpResponse& r, std::string_view entity) {
  const std::string message = message_of(r);
  const std::string said = message.empty() ? std::string() : ": " + message;
  if (r.status == 404) {
    return StepOutcome::fail(ConnectorErrorKind::not_found,
                             "Magento has no such " + std::string(entity) + ".", r.status);
  }
  if (r.status == 401 && message.find("isn't authorized to access") != std::string::npos) {
    return StepOutcome::fail(ConnectorErrorKind::forbidden,
                             "Magento refused the write" + said + ".", r.status);
  }
  if (r.status == 400) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "Magento rejected the write" + said + ".", r.status);
  }
  return std::move(*sdk::failure_for_status(r, "Magento"));
}

}  // namespace cartgate::mage
