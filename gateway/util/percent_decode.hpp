#pragma once
// Percent-decoding of request paths and query strings, through Boost.URL.

#include <optional>
#include <string>
#include <string_view>

namespace cartgate::util {

enum class Plus { literal, space };

/// `text` with every %XX escape decoded; with Plus::space, '+' is a space (HTML form encoding,
/// query strings). nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, Plus plus = Plus::literal);

}  // namespace cartgate::util
