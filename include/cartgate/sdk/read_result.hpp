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
/// An info read's result: the schema v1 record and the platform object it was mapped from.
boost::json::value info_result(boost::json::value item, boost::json::value raw);

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

/// Where a page-number scan stands (platforms that page by ?page=N&limit=M): the next page,
/// the page size it began with (positions depend on it, so it stays for the whole scan), and
/// the scan's pin, which the connector sends as the platform's "created at most" filter so
/// records created during the scan do not shift the pages.
struct PageNumberPosition {
  std::int64_t page = 1;
  int limit = 1;
  Timestamp pin{};
};
/// {"page": …, "limit": …, "pin": "<RFC 3339>"}; a connector may add members of its own.
boost::json::object page_number_object(const PageNumberPosition& position);
/// The position a read starts from: page 1 with `q.page_size` (within 1 and `max_limit`) and
/// the pin of `now` for a first page; else what `q.page_token` holds, checked (page ≥ 1, limit
/// within 1 and `max_limit`, a valid pin). nullopt for a token that is not such a position.
std::optional<PageNumberPosition> page_number_position(std::string_view page_token, int page_size,
                                                       Timestamp now, int max_limit);
/// The position an object made by page_number_object holds; nullopt for anything else.
std::optional<PageNumberPosition> decode_page_number(const boost::json::object& state,
                                                     int max_limit);

/// The newest creation time a scan starting at `now` includes: the last whole second before
/// it. Records created during the scan's first second are still arriving and are left to the
/// next scan, which keeps "created at or before the pin" exact at one-second resolution.
Timestamp scan_pin(Timestamp now) noexcept;

/// True for a non-empty string of ASCII digits (ids that go into URL paths).
bool is_numeric_id(std::string_view id) noexcept;
/// A numeric id as the integer a platform's JSON bodies take; nullopt for anything else (an id
/// a caller made up, or one past the 64-bit range).
std::optional<std::int64_t> integer_id(std::string_view id) noexcept;

}  // namespace cartgate::sdk
