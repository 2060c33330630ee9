#pragma once
// Host names and URL schemes compare without case (RFC 3986 §6.2.2.1): one lower-casing for
// every place that normalizes them.

#include <string>
#include <string_view>

namespace cartgate::util {

inline std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace cartgate::util
