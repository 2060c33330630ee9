#include "common/format.hpp"

#include <array>
#include <cstdio>

namespace sandbox {

using namespace std::chrono;

namespace {

struct Parts {
  int y;
  unsigned mo, d;
  long h, mi, s;
  unsigned wd;
};

Parts split(Time t) {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return {static_cast<int>(ymd.year()),
          static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day()),
          hms.hours().count(),
          hms.minutes().count(),
          static_cast<long>(hms.seconds().count()),
          weekday{day}.c_encoding()};
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::string iso_local(Time t, int offset_minutes) {
  const Parts p = split(t + minutes(offset_minutes));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld", p.y, p.mo, p.d, p.h, p.mi,
                p.s);
  return buf;
}

std::string sql_datetime(Time t) {
  std::string s = iso_local(t);
  s[10] = ' ';
  return s;
}

std::string rfc2822(Time t) {
  static constexpr std::array<const char*, 7> kDays{"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Parts p = split(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", kDays[p.wd], p.d,
                kMonths[p.mo - 1], p.y, p.h, p.mi, p.s);
  return buf;
}

std::string iso_offset(Time t, int offset_minutes) {
  char zone[16];
  const int m = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  std::snprintf(zone, sizeof zone, "%c%02d:%02d", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
  return iso_local(t, offset_minutes) + zone;
}

std::optional<Time> parse_iso(std::string_view s, int default_offset_minutes) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d)) {
    return std::nullopt;
  }
  std::size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, mi)) {
      return std::nullopt;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(s, pos + 1, 2, sec)) return std::nullopt;
      pos += 3;
    }
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
        ++pos;
    }
  }
  int offset = default_offset_minutes;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      offset = 0;
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int oh = 0, om = 0;
      const std::size_t colon = pos + 3 < s.size() && s[pos + 3] == ':' ? 1 : 0;
      if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 3 + colon, 2, om)) return std::nullopt;
      offset = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
      pos += 5 + colon;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset};
}

std::optional<Time> parse_rfc2822(std::string_view s) {
  static constexpr std::array<std::string_view, 12> kMonths{
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (const auto comma = s.find(','); comma != std::string_view::npos) s.remove_prefix(comma + 1);
  while (!s.empty() && s.front() == ' ')
    s.remove_prefix(1);
  int d = 0, y = 0, h = 0, mi = 0, sec = 0, oh = 0, om = 0;
  std::size_t pos = 0;
  const std::size_t day_len = s.size() > 1 && s[1] == ' ' ? 1 : 2;
  if (!digits(s, 0, day_len, d)) return std::nullopt;
  pos = day_len + 1;
  if (pos + 3 > s.size()) return std::nullopt;
  const auto mon = s.substr(pos, 3);
  unsigned month_number = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == mon) month_number = static_cast<unsigned>(i + 1);
  }
  pos += 4;
  if (s.size() != pos + 19) return std::nullopt;
  if (month_number == 0 || !digits(s, pos, 4, y) || s[pos + 4] != ' ' ||
      !digits(s, pos + 5, 2, h) || s[pos + 7] != ':' || !digits(s, pos + 8, 2, mi) ||
      s[pos + 10] != ':' || !digits(s, pos + 11, 2, sec) || s[pos + 13] != ' ' ||
      (s[pos + 14] != '+' && s[pos + 14] != '-') || !digits(s, pos + 15, 2, oh) ||
      !digits(s, pos + 17, 2, om)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{month_number}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  const int offset = (s[pos + 14] == '-' ? -1 : 1) * (oh * 60 + om);
  return sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset};
}

std::string decimal(std::int64_t minor, int decimals) {
  const bool negative = minor < 0;
  std::uint64_t m =
      negative ? static_cast<std::uint64_t>(-minor) : static_cast<std::uint64_t>(minor);
  std::string text = std::to_string(m);
  const auto d = static_cast<std::size_t>(decimals);
  if (d == 0) return (negative ? "-" : "") + text;
  if (text.size() <= d) text = std::string(d + 1 - text.size(), '0') + text;
  std::string out = negative ? "-" : "";
  out.append(text, 0, text.size() - d).append(".").append(text, text.size() - d, d);
  return out;
}

std::string decimal_rescaled(std::int64_t minor, int minor_digits, int decimals) {
  std::int64_t v = minor;
  for (int i = minor_digits; i < decimals; ++i)
    v *= 10;
  for (int i = decimals; i < minor_digits; ++i)
    v /= 10;
  return decimal(v, decimals);
}

std::optional<std::int64_t> decimal_minor_units(std::string_view text, int digits) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || static_cast<int>(fraction.size()) > digits) {
    return std::nullopt;
  }
  std::int64_t units = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
  }
  for (int i = 0; i < digits; ++i) {
    const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + (c - '0');
  }
  return units;
}

}  // namespace sandbox
