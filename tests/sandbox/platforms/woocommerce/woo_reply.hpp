#pragma once
// WordPress REST answers: JSON bodies written like json_encode, and WP_Error shapes
// {"code","message","data":{"status"}}.

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::woo {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response wp_error(int status, std::string code, std::string message,
                                  boost::json::object extra_data = {});
cartgate::http::Response invalid_param(const std::string& name, const std::string& why);
cartgate::http::Response no_route();

/// The request's JSON body as WP_REST_Request reads it into `params`: absent or empty is no
/// parameters; a body that does not decode is rest_invalid_json (the answer returned).
std::optional<cartgate::http::Response> read_body(const cartgate::http::Request& request,
                                                  boost::json::object& params);

}  // namespace sandbox::woo
