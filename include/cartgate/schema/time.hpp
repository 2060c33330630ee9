#pragma once
// Normalized time: a UTC instant with second precision, written as RFC 3339 with `Z`.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cartgate {

using Timestamp = std::chrono::sys_seconds;

/// `2026-11-22T08:31:38Z`.
std::string format_rfc3339(Timestamp t);

/// The same text written into `out`, which must hold kRfc3339Capacity chars; returns its
/// length. For writers that put it straight into their own buffer.
inline constexpr std::size_t kRfc3339Capacity = 32;
std::size_t write_rfc3339(Timestamp t, char* out) noexcept;

/// Parses RFC 3339 date-time (`T` or `t`, `Z` or a numeric offset, optional fraction,
/// which is truncated) and converts it to UTC. Nothing else is accepted.
std::optional<Timestamp> parse_rfc3339(std::string_view text);

}  // namespace cartgate
