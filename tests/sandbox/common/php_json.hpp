#pragma once
// JSON as PHP's json_encode() writes it with default flags, which is what WordPress (and so
// WooCommerce, REST answers and webhook bodies alike) sends: '/' escaped as "\/", every
// non-ASCII character as a \uXXXX escape (UTF-16 surrogate pairs above U+FFFF). Receivers
// that verify signatures must hash these exact bytes.

#include <string>

#include <boost/json/value.hpp>

namespace sandbox {

std::string php_json_encode(const boost::json::value& v);

}  // namespace sandbox
