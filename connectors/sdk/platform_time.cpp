#include <array>
#include <cstdio>

#include <cartgate/sdk/platform_time.hpp>

namespace cartgate::sdk {

using namespace std::chrono;

std::optional<Timestamp> parse_naive_utc(std::string_view text) {
  // Same grammar as RFC 3339 without the zone: reuse that parser with an explicit Z.
  if (text.size() < 19 || text.size() > 40 || (text[10] != ' ' && text[10] != 'T')) {
    return std::nullopt;
  }
  std::string with_zone(text);
  with_zone[10] = 'T';
  with_zone += 'Z';
  return parse_rfc3339(with_zone);
}

namespace {

bool read_number(std::string_view s, std::size_t& pos, std::size_t min_digits,
                 std::size_t max_digits, int& out) {
  std::size_t n = 0;
  int v = 0;
  while (pos + n < s.size() && n < max_digits && s[pos + n] >= '0' && s[pos + n] <= '9') {
    v = v * 10 + (s[pos + n] - '0');
    ++n;
  }
  if (n < min_digits) return false;
  pos += n;
  out = v;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Timestamp> parse_rfc2822(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::size_t pos = 0;
  if (const auto comma = s.find(','); comma != std::string_view::npos) {
    if (comma != 3) return std::nullopt;
    pos = comma + 1;
  }
  while (pos < s.size() && s[pos] == ' ')
    ++pos;
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  if (!read_number(s, pos, 1, 2, d) || !expect(s, pos, ' ') || pos + 3 > s.size()) {
    return std::nullopt;
  }
  unsigned month_number = 0;
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (s.substr(pos, 3) == kMonths[i]) month_number = i + 1;
  }
  if (month_number == 0) return std::nullopt;
  pos += 3;
  if (!expect(s, pos, ' ') || !read_number(s, pos, 4, 4, y) || !expect(s, pos, ' ') ||
      !read_number(s, pos, 2, 2, h) || !expect(s, pos, ':') || !read_number(s, pos, 2, 2, mi)) {
    return std::nullopt;
  }
  if (pos < s.size() && s[pos] == ':' && !(++pos, read_number(s, pos, 2, 2, sec))) {
    return std::nullopt;
  }
  if (!expect(s, pos, ' ')) return std::nullopt;
  const std::string_view zone = s.substr(pos);
  seconds offset{0};
  if (zone == "GMT" || zone == "UT" || zone == "UTC" || zone == "Z") {
    // UTC
  } else if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    std::size_t zpos = 1;
    int hhmm = 0;
    if (!read_number(zone, zpos, 4, 4, hhmm) || hhmm / 100 > 23 || hhmm % 100 > 59) {
      return std::nullopt;
    }
    offset = hours{hhmm / 100} + minutes{hhmm % 100};
    if (zone[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{month_number}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - offset;
}

std::string format_naive_utc(Timestamp t, char separator) {
  std::string text = format_rfc3339(t);  // YYYY-MM-DDTHH:MM:SSZ
  text[10] = separator;
  text.pop_back();
  return text;
}

}  // namespace cartgate::sdk
