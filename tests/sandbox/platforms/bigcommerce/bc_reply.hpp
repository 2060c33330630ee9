#pragma once
// BigCommerce API answers: v2 errors are arrays of {"status","message"}; v3 errors are
// {"status","title","type"} objects (the API status-code guide).

#include <string>
#include <string_view>
#include <variant>

#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::bc {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response v2_error(int status, const std::string& message);
/// v2 write refusals: a field with a bad value, and one the resource never takes.
cartgate::http::Response v2_invalid_field(std::string_view field);
cartgate::http::Response v2_unwritable_field(std::string_view field);
/// A v2 write's body, which must be a JSON object; else the 400 to answer.
std::variant<boost::json::object, cartgate::http::Response> v2_write_body(
    const cartgate::http::Request& request);
cartgate::http::Response v3_error(int status, const std::string& title,
                                  boost::json::object extra = {});

}  // namespace sandbox::bc
