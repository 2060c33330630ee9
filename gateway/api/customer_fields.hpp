#pragma once
// A customer's fields as write requests carry them: text checked the way every platform takes
// it, and the default address as one whole object. Nothing here touches the store or Redis.

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "api/params.hpp"

namespace cartgate::api {

bool has_control_character(std::string_view text);
/// `text` without leading and trailing spaces and tabs.
std::string_view trimmed(std::string_view text);
/// An e-mail address every platform takes: one @, a local part of at most 64 characters, a
/// domain with a dot and no empty label, no spaces. (Each platform checks more; what it refuses
/// comes back as platform_rejected with its message.)
bool plausible_email(std::string_view e);

/// `default_address`, when sent, into `changes`: an object of schema v1 Address fields (each a
/// string, trimmed, without control characters; `address1` and `country_code`, ISO 3166-1
/// alpha-2 in capitals, required), which replaces the customer's default address whole (a field
/// left out is cleared). A 400 for anything else.
std::optional<http::Problem> read_default_address(const Params& p, boost::json::object& changes);

}  // namespace cartgate::api
