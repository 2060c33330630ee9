#pragma once
// BigCommerce API answers: v2 errors are arrays of {"status","message"}; v3 errors are
// {"status","title","type"} objects (the API status-code guide).

#include <string>

#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::bc {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response v2_error(int status, const std::string& message);
cartgate::http::Response v3_error(int status, const std::string& title,
                                  boost::json::object extra = {});

}  // namespace sandbox::bc
