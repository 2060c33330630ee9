#pragma once
// Authenticated Magento 2 REST requests and searchCriteria query strings. Integrations sign
// with OAuth 1.0a (HMAC-SHA256, key consumer_secret&token_secret) because Magento 2.4.4+
// refuses integration tokens as Bearer unless the store re-enables that; the store setting
// auth=bearer uses the access token as a Bearer token where it is allowed.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::mage {

/// searchCriteria parameters: every filter() is its own group (groups are AND-ed).
class SearchCriteria {
 public:
  SearchCriteria& filter(std::string_view field, std::string_view value,
                         std::string_view condition);
  SearchCriteria& sort(std::string_view field, std::string_view direction);
  SearchCriteria& page(int size, int current);
  const sdk::QueryParams& params() const { return params_; }

 private:
  sdk::QueryParams params_;
  int groups_ = 0;
  int sorts_ = 0;
};

/// GET <base_url>/rest[/<store_code>]/V1/<route>?<query>, signed for the store. `index`
/// numbers the requests of one step (each needs its own OAuth nonce).
HttpRequest get(const StoreContext& store, const CallEnvironment& env, std::string_view route,
                const sdk::QueryParams& query, std::size_t index = 0);
/// Any method, with a JSON body when `json_body` is not empty.
HttpRequest request(const StoreContext& store, const CallEnvironment& env, std::string_view method,
                    std::string_view route, const sdk::QueryParams& query, std::string json_body,
                    std::size_t index = 0);

/// The same at the store code `code` (empty: none) instead of the store's setting: `all` is the
/// global scope of catalog writes.
HttpRequest request_in(const StoreContext& store, const CallEnvironment& env, std::string_view code,
                       std::string_view method, std::string_view route,
                       const sdk::QueryParams& query, std::string json_body, std::size_t index = 0);

/// Magento's message ({"message": "... %fieldName ...", "parameters": {...}} or, from __() with
/// positional arguments, "%1" and "parameters": [...]) with its parameters put in, on one
/// line, at most 500 characters.
std::string filled_message(const boost::json::object& said);

/// A write Magento refused, with what it said (its %placeholders filled in): not_found for
/// 404 (no such `entity`), forbidden for an ACL refusal, invalid_query for 400 (a validation
/// the platform made), otherwise what the status means.
StepOutcome refused_write(const HttpResponse& response, std::string_view entity = "order");

}  // namespace cartgate::mage
