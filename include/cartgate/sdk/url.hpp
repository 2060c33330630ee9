#pragma once
// Building platform URLs: RFC 3986 percent-encoding and query strings, in the byte-exact form
// OAuth 1.0a signatures are computed over.

#include <string>
#include <string_view>
#include <vector>

namespace cartgate::sdk {

struct QueryParam {
  std::string name;
  std::string value;
};
using QueryParams = std::vector<QueryParam>;

/// Percent-encodes every byte outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~) with
/// upper-case hex: PHP's rawurlencode and RFC 5849 §3.6.
std::string percent_encode(std::string_view text);

/// "a=1&b=2" with names and values percent-encoded, in the given order.
std::string encode_query(const QueryParams& params);

/// `base` + `path` (+ "?" + the encoded query when there is one).
std::string make_url(std::string_view base, std::string_view path, const QueryParams& params);

}  // namespace cartgate::sdk
