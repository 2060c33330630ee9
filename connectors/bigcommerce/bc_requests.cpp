#include "bc_requests.hpp"

namespace cartgate::bc {

HttpRequest request(const StoreContext& store, std::string_view method, std::string_view path,
                    const sdk::QueryParams& query, std::string json_body) {
  HttpRequest req;
  req.method = std::string(method);
  req.url = sdk::make_url(store.base_url, path, query);
  req.headers.push_back({"Accept", "application/json"});
  auto token = store.credentials.find("access_token");
  req.headers.push_back(
      {"X-Auth-Token", token == store.credentials.end() ? std::string() : token->second});
  if (!json_body.empty()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = std::move(json_body);
  }
  return req;
}

}  // namespace cartgate::bc
