#pragma once
// Platform answers are untrusted bytes, and some carry money as bare JSON numbers (Magento,
// BigCommerce v3, WooCommerce line prices). Boost.JSON would turn those into doubles, so the
// connectors parse platform JSON here instead: every number with a fraction or exponent, and
// every integer too long for int64, arrives as a string holding its exact source text.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace cartgate::sdk {

/// Parses a platform's JSON answer; nullopt for malformed JSON or nesting deeper than
/// `max_depth`. Non-integer numbers become strings of their exact text ("361.95", "1e2").
std::optional<boost::json::value> parse_platform_json(std::string_view body,
                                                      std::size_t max_depth = 64);

/// The same, built in `storage` (a call's arena, `Call::storage`); when that is unset (the
/// default heap), in an arena of the document's own.
std::optional<boost::json::value> parse_platform_json(std::string_view body,
                                                      const boost::json::storage_ptr& storage,
                                                      std::size_t max_depth = 64);

/// A decimal's text from a string or an integer value; nullopt for anything else.
std::optional<std::string> decimal_text(const boost::json::value& v);

/// The string, or an integer written as decimal digits (platform ids come as either).
std::optional<std::string> id_text(const boost::json::value& v);

/// The string at `key` of `o`; empty when it is missing or not a string (the optional text
/// fields of a platform's answer, where empty and absent mean the same).
std::string string_field(const boost::json::object& o, std::string_view key);

}  // namespace cartgate::sdk
