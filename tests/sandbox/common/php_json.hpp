#pragma once
// JSON texts as the emulated platforms write them.
//
// php_json_encode: as PHP's json_encode() writes it with default flags, which is what WordPress
// (and so WooCommerce, REST answers and webhook bodies alike) sends: '/' escaped as "\/", every
// non-ASCII character as a \uXXXX escape (UTF-16 surrogate pairs above U+FFFF). Receivers
// that verify signatures must hash these exact bytes.

#include <string>

#include <boost/json/value.hpp>

namespace sandbox {

std::string php_json_encode(const boost::json::value& v);

/// Plain JSON (no '/' or unicode escaping) with numbers written as platforms write them:
/// shortest round-trip decimal (109.95, not 1.0995E2).
std::string json_encode(const boost::json::value& v);

enum class JsonStyle { plain, fractional_doubles };
/// As json_encode; fractional_doubles writes whole doubles with ".0" (2000.0), as Shopify does.
std::string json_encode(const boost::json::value& v, JsonStyle style);

}  // namespace sandbox
