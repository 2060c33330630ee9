#pragma once
// The result shapes a read call finishes with (connector.hpp, StepOutcome::result) and the
// page tokens connectors hand back to themselves. A page token is the connector's own JSON;
// the gateway seals it inside a MAC'd cursor, so a connector need not protect it, only
// validate it like any other input.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cartgate/schema/time.hpp>

namespace cartgate::sdk {

boost::json::value list_result(boost::json::array items, boost::json::array raw,
                               std::optional<std::string> next_page_token,
                               std::optional<std::int64_t> total);
boost::json::value count_result(std::int64_t count);

std::string encode_page_token(const boost::json::object& state);
/// The token's object; nullopt for anything that is not a JSON object.
std::optional<boost::json::object> decode_page_token(std::string_view token);

/// Where a keyset scan stands: after the last key it delivered (an id, or the platform's own
/// cursor; null at the start), pinned to the records created by the time it began (scan_pin).
struct KeysetPosition {
  boost::json::value after;
  Timestamp pin{};
};
/// {"after": …, "pin": "<RFC 3339>"}.
std::string encode_keyset_token(const KeysetPosition& position);
/// The position a page token holds; nullopt for a token that is not one (a made-up one, or
/// another connector's). Whether `after` has the type the platform's keys have is the
/// connector's to check.
std::optional<KeysetPosition> decode_keyset_token(std::string_view token);

/// The newest creation time a scan starting at `now` includes: the last whole second before
/// it. Records created during the scan's first second are still arriving and are left to the
/// next scan, which keeps "created at or before the pin" exact at one-second resolution.
Timestamp scan_pin(Timestamp now) noexcept;

/// True for a non-empty string of ASCII digits (ids that go into URL paths).
bool is_numeric_id(std::string_view id) noexcept;

}  // namespace cartgate::sdk
