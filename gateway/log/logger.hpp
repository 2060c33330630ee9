#pragma once
// Structured logs: one JSON object per line on stderr, written with a single write(2) so lines
// from several threads never interleave. Field values under secret-looking keys (token,
// secret, password, authorization, api_key, credentials, ...) are replaced by "[redacted]"
// whatever the caller passes, so a careless call site cannot leak a credential.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace cartgate::log {

enum class Level { debug, info, warn, error };

struct Field {
  using Value = std::variant<std::string_view, std::int64_t, double, bool>;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v ? v : "")) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, unsigned v) : key(k), value(std::int64_t{v}) {}
  Field(std::string_view k, std::uint64_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}

  std::string_view key;
  Value value;
};

using Fields = std::initializer_list<Field>;

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);

/// True when a field called `key` must never be logged in clear.
bool is_secret_key(std::string_view key);

/// Formats one line (without writing it); exposed for tests.
std::string format_line(Level level, std::string_view message, Fields fields);

void write(Level level, std::string_view message, Fields fields);

inline void debug(std::string_view m, Fields f = {}) {
  if (enabled(Level::debug)) write(Level::debug, m, f);
}
inline void info(std::string_view m, Fields f = {}) {
  if (enabled(Level::info)) write(Level::info, m, f);
}
inline void warn(std::string_view m, Fields f = {}) {
  if (enabled(Level::warn)) write(Level::warn, m, f);
}
inline void error(std::string_view m, Fields f = {}) {
  write(Level::error, m, f);
}

}  // namespace cartgate::log
