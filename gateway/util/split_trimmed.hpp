#pragma once
// Comma lists in configuration ("127.0.0.0/8, ::1/128", "5s, 5m"): the parts between commas
// with surrounding spaces removed. Empty parts are kept, so each caller decides whether they
// are an error; the views point into `text`.

#include <string_view>
#include <vector>

namespace cartgate::util {

inline std::vector<std::string_view> split_trimmed(std::string_view text) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ')
      part.remove_suffix(1);
    parts.push_back(part);
  }
  return parts;
}

}  // namespace cartgate::util
