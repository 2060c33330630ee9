#include <cstdio>

#include <cartgate/schema/time.hpp>

namespace cartgate {

using namespace std::chrono;

std::size_t write_rfc3339(Timestamp t, char* out) noexcept {
  const auto day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  const int year = static_cast<int>(ymd.year());
  const auto hours = static_cast<int>(hms.hours().count());
  const auto minutes = static_cast<int>(hms.minutes().count());
  const auto seconds = static_cast<int>(hms.seconds().count());
  if (year < 0 || year > 9999) {  // outside the fixed-width form: the general one
    const int n = std::snprintf(out, kRfc3339Capacity, "%04d-%02u-%02uT%02d:%02d:%02dZ", year,
                                static_cast<unsigned>(ymd.month()),
                                static_cast<unsigned>(ymd.day()), hours, minutes, seconds);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
  }
  // Digits by hand: snprintf's format parsing was a visible cost of mapping a page.
  const auto two = [](char* at, int v) {
    at[0] = static_cast<char>('0' + v / 10);
    at[1] = static_cast<char>('0' + v % 10);
  };
  two(out, year / 100);
  two(out + 2, year % 100);
  out[4] = '-';
  two(out + 5, static_cast<int>(static_cast<unsigned>(ymd.month())));
  out[7] = '-';
  two(out + 8, static_cast<int>(static_cast<unsigned>(ymd.day())));
  out[10] = 'T';
  two(out + 11, hours);
  out[13] = ':';
  two(out + 14, minutes);
  out[16] = ':';
  two(out + 17, seconds);
  out[19] = 'Z';
  return 20;
}

std::string format_rfc3339(Timestamp t) {
  char buf[kRfc3339Capacity];
  return {buf, write_rfc3339(t, buf)};
}

namespace {

// Reads exactly `width` ASCII digits at `pos`.
bool read_digits(std::string_view s, std::size_t pos, std::size_t width, int& out) {
  if (pos + width > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

}  // namespace

std::optional<Timestamp> parse_rfc3339(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !read_digits(s, 5, 2, mo) ||
      s[7] != '-' || !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') ||
      !read_digits(s, 11, 2, h) || s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' ||
      !read_digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;

  std::size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    const std::size_t first = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
      ++pos;
    if (pos == first) return std::nullopt;
  }
  if (pos >= s.size()) return std::nullopt;

  seconds offset{0};
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh = 0, om = 0;
    if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = hours{oh} + minutes{om};
    if (s[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;

  // A leap second (:60) lands on the next minute's :00, the usual POSIX reading.
  const Timestamp local = sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec};
  return local - offset;
}

}  // namespace cartgate
