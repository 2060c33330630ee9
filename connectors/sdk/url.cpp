#include <cartgate/sdk/url.hpp>

namespace cartgate::sdk {

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string encode_query(const QueryParams& params) {
  std::string out;
  for (const auto& p : params) {
    if (!out.empty()) out += '&';
    out += percent_encode(p.name);
    out += '=';
    out += percent_encode(p.value);
  }
  return out;
}

std::string make_url(std::string_view base, std::string_view path, const QueryParams& params) {
  std::string url(base);
  url += path;
  if (!params.empty()) {
    url += '?';
    url += encode_query(params);
  }
  return url;
}

}  // namespace cartgate::sdk
