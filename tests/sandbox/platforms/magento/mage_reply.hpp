#pragma once
// Magento webapi answers: JSON written as PHP's json_encode writes it, errors as
// {"message", "parameters"?} with %placeholders left for the client to fill.

#include <string>

#include <boost/json/value.hpp>

#include "http/message.hpp"

namespace sandbox::mage {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response error(int status, const std::string& message,
                               boost::json::value parameters = nullptr);
/// An unknown id, as the repositories' get() throws it (NoSuchEntityException).
cartgate::http::Response not_found_entity();

}  // namespace sandbox::mage
