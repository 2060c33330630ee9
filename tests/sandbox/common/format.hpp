#pragma once
// Date and money texts in the shapes the platforms write.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/entities.hpp"

namespace sandbox {

/// "2017-03-22T16:28:02": ISO 8601 without offset, at `offset_minutes` from UTC.
std::string iso_local(Time t, int offset_minutes = 0);
/// "2017-08-21 22:22:19" (Magento: UTC, no zone).
std::string sql_datetime(Time t);
/// "Wed, 10 Jan 2018 21:05:30 +0000" (BigCommerce v2).
std::string rfc2822(Time t);
/// "2021-12-31T19:00:00-05:00".
std::string iso_offset(Time t, int offset_minutes);

/// Parses ISO 8601 as WordPress/BigCommerce/Magento accept it: date, optional time,
/// optional fraction, optional Z/±hh:mm. Without an offset it is read at `default_offset`.
std::optional<Time> parse_iso(std::string_view s, int default_offset_minutes = 0);

/// Parses "Thu, 20 Apr 2017 11:32:00 -0400" (RFC 2822; the weekday is optional).
std::optional<Time> parse_rfc2822(std::string_view s);

/// Minor units as a decimal with `decimals` digits: (2935, 2) -> "29.35", (-5, 2) -> "-0.05".
std::string decimal(std::int64_t minor, int decimals);
/// Minor units rescaled to `decimals` digits: (2935, 2, 4) -> "29.3500".
std::string decimal_rescaled(std::int64_t minor, int minor_digits, int decimals);
/// A non-negative decimal's text ("12", "12.5", "12.50") in minor units of `digits` decimals;
/// nullopt for anything else, or for more decimals than `digits`.
std::optional<std::int64_t> decimal_minor_units(std::string_view text, int digits);

}  // namespace sandbox
