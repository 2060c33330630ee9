#include "platforms/bigcommerce/bc_reply.hpp"

#include <boost/json/parse.hpp>

#include "common/php_json.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Response;

namespace {

constexpr const char* kErrorType =
    "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes";

}  // namespace

Response reply(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json_encode(body);
  r.headers = {{"Content-Type", "application/json"}};
  return r;
}

Response v2_error(int status, const std::string& message) {
  return reply(status, json::array{json::object{{"status", status}, {"message", message}}});
}

Response v2_invalid_field(std::string_view field) {
  return v2_error(400, "The field '" + std::string(field) + "' is invalid.");
}

Response v2_unwritable_field(std::string_view field) {
  return v2_error(400, "The field '" + std::string(field) +
                           "' cannot be written to. Please remove it from your request before "
                           "trying again.");
}

std::variant<json::object, Response> v2_write_body(const cartgate::http::Request& request) {
  boost::system::error_code ec;
  json::value body = json::parse(request.body, ec);
  if (ec || !body.is_object()) {
    return v2_error(400, "The request body is not a valid JSON object.");
  }
  return std::move(body.get_object());
}

Response v3_error(int status, const std::string& title, json::object extra) {
  json::object body{{"status", status}, {"title", title}, {"type", kErrorType}};
  for (auto& kv : extra)
    body[kv.key()] = kv.value();
  return reply(status, body);
}

}  // namespace sandbox::bc
