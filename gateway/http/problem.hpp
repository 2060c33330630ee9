#pragma once
// RFC 9457 problem details. Every error the gateway answers is one of these, with a stable
// machine-readable `code` (listed in docs/errors.md) and a `type` URI derived from it.
// `detail` is written for the API caller: it never carries a stack trace, a raw upstream body
// or a secret.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "http/message.hpp"

namespace cartgate::http {

struct Problem {
  Problem() = default;
  Problem(int s, std::string c, std::string t, std::string d)
      : status(s), code(std::move(c)), title(std::move(t)), detail(std::move(d)) {}

  int status = 500;
  std::string code;    // stable, snake_case: "invalid_parameter", "rate_limited", ...
  std::string title;   // short, the same for every occurrence of `code`
  std::string detail;  // this occurrence
  std::optional<std::int64_t> retry_after_seconds;  // sent as Retry-After
};

Problem bad_request(std::string code, std::string detail);
Problem invalid_parameter(std::string detail);
Problem unauthorized(std::string detail);
Problem not_found(std::string code, std::string detail);
Problem method_not_allowed(std::string detail);
Problem unsupported_media_type(std::string detail);
Problem payload_too_large(std::string detail);
Problem request_timeout(std::string detail);
Problem rate_limited(std::string detail);
Problem internal_error();
Problem service_unavailable(std::string code, std::string detail);

/// The problem+json document for `p`: what to_response sends, and what a batch job keeps as
/// one operation's error.
boost::json::object problem_body(const Problem& p, std::string_view instance,
                                 std::string_view request_id);

/// The problem+json response for `p`; `instance` is the request path, `request_id` is echoed.
Response to_response(const Problem& p, std::string_view instance, std::string_view request_id);

}  // namespace cartgate::http
