#include "platforms/magento/mage_reply.hpp"

#include "common/php_json.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Response;

Response reply(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = php_json_encode(body);
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}

Response error(int status, const std::string& message, json::value parameters) {
  json::object body{{"message", message}};
  if (!parameters.is_null()) body["parameters"] = std::move(parameters);
  return reply(status, body);
}

Response not_found_entity() {
  return error(404,
               "The entity that was requested doesn't exist. Verify the entity and try again.");
}

std::optional<Response> denied(const Store& store, const std::string& resource) {
  const auto it = store.settings.find("denied_resources");
  if (it == store.settings.end()) return std::nullopt;
  const std::string list = "," + it->second + ",";
  if (list.find("," + resource + ",") == std::string::npos) return std::nullopt;
  return error(401, "The consumer isn't authorized to access %resources.",
               json::object{{"resources", resource}});
}

}  // namespace sandbox::mage
