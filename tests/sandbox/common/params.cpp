#include "common/params.hpp"

#include <algorithm>
#include <charconv>

namespace sandbox {

namespace {

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decode(std::string_view in, bool plus_is_space) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (in[i] == '%' && i + 2 < in.size() && hex(in[i + 1]) >= 0 && hex(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2])));
      i += 2;
    } else {
      out.push_back(in[i]);  // PHP keeps a malformed escape as is
    }
  }
  return out;
}

}  // namespace

std::string rawurldecode(std::string_view s) {
  return decode(s, false);
}

std::vector<Param> php_query(std::string_view raw) {
  std::vector<Param> out;
  while (!raw.empty()) {
    const auto amp = raw.find('&');
    const auto pair = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view{} : raw.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    std::string key = decode(pair.substr(0, eq), true);
    std::string value = eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1), true);
    if (key.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const Param& p) { return p.key == key; });
    if (it != out.end()) {
      it->value = std::move(value);
    } else {
      out.push_back({std::move(key), std::move(value)});
    }
  }
  return out;
}

std::string rawurlencode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::map<std::string, std::string> oauth_header_params(std::string_view h) {
  std::map<std::string, std::string> out;
  while (!h.empty() && h.front() == ' ')
    h.remove_prefix(1);
  if (h.size() < 6) return out;
  std::string scheme(h.substr(0, 5));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ::tolower);
  if (scheme != "oauth") return out;
  h.remove_prefix(5);
  while (!h.empty()) {
    const auto comma = h.find(',');
    std::string_view item = h.substr(0, comma);
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    const auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    while (!value.empty() && (value.back() == ' '))
      value.remove_suffix(1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    out[std::string(key)] = rawurldecode(value);
  }
  return out;
}

bool parse_int(std::string_view s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::optional<std::string> param(const std::vector<Param>& params, std::string_view key) {
  for (const auto& p : params) {
    if (p.key == key) return p.value;
  }
  return std::nullopt;
}

bool plausible_email(std::string_view e) {
  const auto at = e.find('@');
  return at != std::string_view::npos && at > 0 && e.find('@', at + 1) == std::string_view::npos &&
         e.find('.', at) != std::string_view::npos && e.back() != '.' &&
         e.find(' ') == std::string_view::npos;
}

}  // namespace sandbox
