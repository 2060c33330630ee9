#pragma once
// The date formats platforms write, read into UTC instants, and written back for their
// filters. Each platform's zone rule is the connector's to apply; these only parse.

#include <optional>
#include <string>
#include <string_view>

#include <cartgate/schema/time.hpp>

namespace cartgate::sdk {

/// "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DDTHH:MM:SS" (optional fraction, truncated) without a
/// zone, read as UTC: Magento's timestamps and WooCommerce's `date_*_gmt` fields.
std::optional<Timestamp> parse_naive_utc(std::string_view text);

/// RFC 2822 date-time ("Wed, 10 Jan 2018 21:05:30 +0000"; day name optional; zones as
/// +hhmm/-hhmm, UT, UTC or GMT): BigCommerce v2.
std::optional<Timestamp> parse_rfc2822(std::string_view text);

/// "YYYY-MM-DD<sep>HH:MM:SS" in UTC, the naive form platforms' filters take.
std::string format_naive_utc(Timestamp t, char separator);

}  // namespace cartgate::sdk
