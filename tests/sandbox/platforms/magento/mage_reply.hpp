#pragma once
// Magento webapi answers: JSON written as PHP's json_encode writes it, errors as
// {"message", "parameters"?} with %placeholders left for the client to fill.

#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

cartgate::http::Response reply(int status, const boost::json::value& body);
cartgate::http::Response error(int status, const std::string& message,
                               boost::json::value parameters = nullptr);
/// An unknown id, as the repositories' get() throws it (NoSuchEntityException).
cartgate::http::Response not_found_entity();
/// The 401 for an ACL resource (Magento_Sales::ship) the integration was not granted: the
/// store setting `denied_resources` lists them, comma separated (none by default).
std::optional<cartgate::http::Response> denied(const Store& store, const std::string& resource);

}  // namespace sandbox::mage
