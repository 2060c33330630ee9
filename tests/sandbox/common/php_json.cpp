#include "common/php_json.hpp"

#include <charconv>
#include <cstdio>

#include <boost/json/serialize.hpp>

namespace sandbox {

namespace {

struct Style {
  bool php = false;         // escape '/' and every non-ASCII character
  bool fractional = false;  // whole doubles keep ".0"
};

void escape_string(std::string_view s, std::string& out, Style style) {
  out.push_back('"');
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        case '/':
          out += style.php ? "\\/" : "/";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    if (!style.php) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // Decode one UTF-8 sequence (the sandbox only holds valid UTF-8).
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    }
    i += len;
    char buf[16];
    if (cp >= 0x10000) {
      cp -= 0x10000;
      std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
    } else {
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
    }
    out += buf;
  }
  out.push_back('"');
}

void encode(const boost::json::value& v, std::string& out, Style style) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        escape_string(kv.key(), out, style);
        out.push_back(':');
        encode(kv.value(), out, style);
      }
      out.push_back('}');
      break;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        encode(item, out, style);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::string:
      escape_string(v.get_string(), out, style);
      break;
    case boost::json::kind::double_: {
      char buf[64];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.get_double());
      const std::string_view text(buf, ec == std::errc() ? static_cast<std::size_t>(end - buf) : 0);
      out += text;
      if (style.fractional && text.find_first_of(".eE") == std::string_view::npos) out += ".0";
      break;
    }
    default:  // integers, booleans, null
      out += boost::json::serialize(v);
  }
}

}  // namespace

std::string php_json_encode(const boost::json::value& v) {
  std::string out;
  encode(v, out, Style{true});
  return out;
}

std::string json_encode(const boost::json::value& v) {
  std::string out;
  encode(v, out, Style{false});
  return out;
}

std::string json_encode(const boost::json::value& v, JsonStyle style) {
  std::string out;
  encode(v, out, Style{false, style == JsonStyle::fractional_doubles});
  return out;
}

}  // namespace sandbox
