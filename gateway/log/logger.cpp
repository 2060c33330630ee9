#include "log/logger.hpp"

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cartgate/schema/time.hpp>

namespace cartgate::log {

namespace {

std::atomic<Level> g_level{Level::info};

constexpr std::array<std::string_view, 4> kLevelNames{"debug", "info", "warn", "error"};

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
}

bool contains_ci(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    bool match = true;
    for (std::size_t j = 0; j < needle.size() && match; ++j) {
      match = lower(haystack[i + j]) == needle[j];
    }
    if (match) return true;
  }
  return false;
}

std::string timestamp_now() {
  using namespace std::chrono;
  const auto now = system_clock::now();
  const auto ms = duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000;
  std::string text = format_rfc3339(floor<seconds>(now));
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms));
  text.pop_back();  // 'Z'
  return text + frac;
}

}  // namespace

void set_level(Level level) {
  g_level.store(level, std::memory_order_relaxed);
}

bool parse_level(std::string_view text, Level& out) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == text) {
      out = static_cast<Level>(i);
      return true;
    }
  }
  return false;
}

bool enabled(Level level) {
  return level >= g_level.load(std::memory_order_relaxed);
}

bool is_secret_key(std::string_view key) {
  static constexpr std::array<std::string_view, 9> kSecretWords{
      "secret", "token",      "password", "authorization", "api_key",
      "apikey", "credential", "cookie",   "signature"};
  for (auto word : kSecretWords) {
    if (contains_ci(key, word)) return true;
  }
  return false;
}

std::string format_line(Level level, std::string_view message, Fields fields) {
  boost::json::object line;
  line["ts"] = timestamp_now();
  line["level"] = kLevelNames[static_cast<std::size_t>(level)];
  line["msg"] = message;
  for (const Field& f : fields) {
    if (is_secret_key(f.key)) {
      line[f.key] = "[redacted]";
      continue;
    }
    std::visit([&](const auto& v) { line[f.key] = v; }, f.value);
  }
  std::string text = boost::json::serialize(line);
  text.push_back('\n');
  return text;
}

void write(Level level, std::string_view message, Fields fields) {
  const std::string text = format_line(level, message, fields);
  const char* p = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report a failing log stream
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace cartgate::log
