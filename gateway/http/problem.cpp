#include "http/problem.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace cartgate::http {

namespace {
Problem make(int status, std::string code, std::string title, std::string detail) {
  return {status, std::move(code), std::move(title), std::move(detail)};
}
}  // namespace

Problem bad_request(std::string code, std::string detail) {
  return make(400, std::move(code), "Bad request", std::move(detail));
}
Problem invalid_parameter(std::string detail) {
  return make(400, "invalid_parameter", "Invalid parameter", std::move(detail));
}
Problem unauthorized(std::string detail) {
  return make(401, "unauthorized", "Unauthorized", std::move(detail));
}
Problem not_found(std::string code, std::string detail) {
  return make(404, std::move(code), "Not found", std::move(detail));
}
Problem method_not_allowed(std::string detail) {
  return make(405, "method_not_allowed", "Method not allowed", std::move(detail));
}
Problem unsupported_media_type(std::string detail) {
  return make(415, "unsupported_media_type", "Unsupported media type", std::move(detail));
}
Problem payload_too_large(std::string detail) {
  return make(413, "payload_too_large", "Payload too large", std::move(detail));
}
Problem request_timeout(std::string detail) {
  return make(408, "request_timeout", "Request timeout", std::move(detail));
}
Problem rate_limited(std::string detail) {
  return make(429, "rate_limited", "Too many requests", std::move(detail));
}
Problem internal_error() {
  return make(500, "internal_error", "Internal error",
              "The gateway failed to handle this request; it has been logged with its request id.");
}
Problem service_unavailable(std::string code, std::string detail) {
  return make(503, std::move(code), "Service unavailable", std::move(detail));
}

boost::json::object problem_body(const Problem& p, std::string_view instance,
                                 std::string_view request_id) {
  boost::json::object body{{"type", "urn:cartgate:problem:" + p.code},
                           {"title", p.title},
                           {"status", p.status},
                           {"detail", p.detail},
                           {"code", p.code},
                           {"instance", instance}};
  if (!request_id.empty()) body["request_id"] = request_id;
  return body;
}

Response to_response(const Problem& p, std::string_view instance, std::string_view request_id) {
  Response r;
  r.status = p.status;
  r.body = boost::json::serialize(problem_body(p, instance, request_id));
  r.headers.push_back({"Content-Type", "application/problem+json"});
  if (p.retry_after_seconds) {
    r.headers.push_back({"Retry-After", std::to_string(*p.retry_after_seconds)});
  }
  return r;
}

}  // namespace cartgate::http
