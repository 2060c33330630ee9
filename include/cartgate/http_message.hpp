#pragma once
// The HTTP request/response shapes a connector builds and reads. Plain data, no I/O:
// the gateway owns sockets, TLS, pooling, retries and rate limiting.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartgate {

struct HttpHeader {
  std::string name;
  std::string value;
};
using HttpHeaders = std::vector<HttpHeader>;

/// ASCII case-insensitive equality (header names, e-mail addresses).
bool iequals(std::string_view a, std::string_view b) noexcept;

/// The first header called `name` (case-insensitive), if any.
std::optional<std::string_view> find_header(const HttpHeaders& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path?query
  HttpHeaders headers;
  std::string body;
  /// Budget units this request consumes in the store's outbound limiter
  /// (1 for request-counted platforms, the query cost for Shopify GraphQL).
  double cost = 1;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

}  // namespace cartgate
