#include <boost/json/parse.hpp>

#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Length of the JSON number (RFC 8259 §6) at the start of `s`, or 0 if there is none.
// Sets `integral` when it has neither fraction nor exponent.
std::size_t number_length(std::string_view s, bool& integral) {
  std::size_t i = 0;
  if (i < s.size() && s[i] == '-') ++i;
  if (i >= s.size() || !is_digit(s[i])) return 0;
  if (s[i] == '0') {
    ++i;
  } else {
    while (i < s.size() && is_digit(s[i]))
      ++i;
  }
  integral = true;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    ++i;
    if (i >= s.size() || !is_digit(s[i])) return 0;
    while (i < s.size() && is_digit(s[i]))
      ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= s.size() || !is_digit(s[i])) return 0;
    while (i < s.size() && is_digit(s[i]))
      ++i;
  }
  return i;
}

}  // namespace

std::optional<json::value> parse_platform_json(std::string_view body, std::size_t max_depth) {
  // Quote the numbers a double cannot hold exactly, then let Boost.JSON validate the rest.
  // Number tokens are plain ASCII, so quoting them needs no escaping.
  constexpr std::size_t kMaxExactDigits = 18;  // always fits int64
  std::string text;
  text.reserve(body.size() + body.size() / 8);
  bool in_string = false;
  bool escaped = false;
  for (std::size_t i = 0; i < body.size();) {
    const char c = body[i];
    if (in_string) {
      text += c;
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      ++i;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '-' || is_digit(c)) {
      bool integral = false;
      const std::size_t n = number_length(body.substr(i), integral);
      if (n == 0) return std::nullopt;
      const std::string_view token = body.substr(i, n);
      const std::size_t digits = token.size() - (token.front() == '-' ? 1 : 0);
      if (integral && digits <= kMaxExactDigits) {
        text += token;
      } else {
        text += '"';
        text += token;
        text += '"';
      }
      i += n;
      continue;
    }
    text += c;
    ++i;
  }
  json::parse_options options;
  options.max_depth = max_depth;
  boost::system::error_code ec;
  json::value jv = json::parse(text, ec, {}, options);
  if (ec) return std::nullopt;
  return jv;
}

std::optional<std::string> decimal_text(const json::value& v) {
  if (const auto* s = v.if_string()) return std::string(*s);
  if (const auto* i = v.if_int64()) return std::to_string(*i);
  if (const auto* u = v.if_uint64()) return std::to_string(*u);
  return std::nullopt;
}

std::optional<std::string> id_text(const json::value& v) {
  if (const auto* s = v.if_string()) {
    if (s->empty()) return std::nullopt;
    return std::string(*s);
  }
  if (const auto* i = v.if_int64()) return std::to_string(*i);
  if (const auto* u = v.if_uint64()) return std::to_string(*u);
  return std::nullopt;
}

}  // namespace cartgate::sdk
