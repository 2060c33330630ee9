#pragma once
// Authenticated BigCommerce API requests: <base_url><path> (the base URL holds the store hash),
// every one carrying the API account's X-Auth-Token.

#include <string>
#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/url.hpp>

namespace cartgate::bc {

HttpRequest request(const StoreContext& store, std::string_view method, std::string_view path,
                    const sdk::QueryParams& query, std::string json_body = {});

}  // namespace cartgate::bc
