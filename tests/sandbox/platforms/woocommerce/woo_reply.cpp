#include "platforms/woocommerce/woo_reply.hpp"

#include <boost/json/parse.hpp>

#include "common/php_json.hpp"

namespace sandbox::woo {

namespace json = boost::json;
using cartgate::http::Response;

Response reply(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = php_json_encode(body);
  r.headers = {{"Content-Type", "application/json; charset=UTF-8"},
               {"X-Robots-Tag", "noindex"},
               {"Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link"}};
  return r;
}

Response wp_error(int status, std::string code, std::string message, json::object extra_data) {
  extra_data["status"] = status;
  return reply(status, json::object{{"code", std::move(code)},
                                    {"message", std::move(message)},
                                    {"data", std::move(extra_data)}});
}

Response invalid_param(const std::string& name, const std::string& why) {
  return wp_error(400, "rest_invalid_param", "Invalid parameter(s): " + name,
                  json::object{{"params", json::object{{name, why}}}});
}

Response no_route() {
  return wp_error(404, "rest_no_route", "No route was found matching the URL and request method.");
}

std::optional<Response> read_body(const cartgate::http::Request& request, json::object& params) {
  if (request.body.empty()) return std::nullopt;
  boost::system::error_code ec;
  auto value = json::parse(request.body, ec);
  if (ec) {
    return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.",
                    json::object{{"json_error_code", 4}, {"json_error_message", "Syntax error"}});
  }
  if (value.is_object()) params = std::move(value.as_object());
  return std::nullopt;
}

}  // namespace sandbox::woo
