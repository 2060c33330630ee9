#include "util/host_spelling.hpp"

namespace cartgate::util {

namespace {

bool all_of(std::string_view s, bool (*pred)(char)) {
  for (const char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

bool is_numeric_host_spelling(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);  // "127.1." too
  const auto dot = host.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? host : host.substr(dot + 1);
  if (last.empty()) return false;
  if (all_of(last, is_digit)) return true;
  return last.size() >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') &&
         all_of(last.substr(2), is_hex);
}

}  // namespace cartgate::util
