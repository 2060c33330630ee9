#pragma once
// Wall-clock instants as Unix milliseconds: the unit Redis scores, checkpoints and versions use,
// so every component converts the same way. "Now" is util::wall_now (wall_clock.hpp).

#include <chrono>
#include <cstdint>
#include <string>

#include <cartgate/schema/time.hpp>

#include "util/wall_clock.hpp"

namespace cartgate::util {

inline std::int64_t unix_ms(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline std::int64_t unix_ms_now() {
  return unix_ms(wall_now());
}

/// Now, to the second: what normalized timestamps and RFC 3339 texts hold.
inline Timestamp now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(wall_now());
}

/// Now, as the RFC 3339 text records keep (created_at, updated_at, revoked_at, ...).
inline std::string now_rfc3339() {
  return format_rfc3339(now_seconds());
}

/// The whole second containing `ms` (normalized timestamps have second precision).
inline Timestamp timestamp_of_ms(std::int64_t ms) {
  return std::chrono::floor<std::chrono::seconds>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(ms)));
}

}  // namespace cartgate::util
