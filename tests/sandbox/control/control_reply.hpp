#pragma once
// Answers of the control API: JSON bodies, errors as {"error": "..."}.

#include <string>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::control {

inline cartgate::http::Response answer(int status, const boost::json::value& body) {
  return cartgate::http::Response::json(status, boost::json::serialize(body));
}

inline cartgate::http::Response problem(int status, const std::string& message) {
  return answer(status, boost::json::object{{"error", message}});
}

}  // namespace sandbox::control
