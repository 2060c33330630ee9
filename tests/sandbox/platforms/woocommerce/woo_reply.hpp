#pragma once
// WordPress REST answers: JSON bodies written like json_encode, and WP_Error shapes
// {"code","message","data":{"status"}}.

#include <string>

#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::woo {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response wp_error(int status, std::string code, std::string message,
                                  boost::json::object extra_data = {});
cartgate::http::Response invalid_param(const std::string& name, const std::string& why);
cartgate::http::Response no_route();

}  // namespace sandbox::woo
