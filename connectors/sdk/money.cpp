#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include <cartgate/schema/money.hpp>

namespace cartgate {

namespace {

// A three-letter code as one integer: every amount formatted or parsed looks its currency up,
// and integer compares keep that out of the profile (it was 5% of order.list as memcmp calls).
constexpr std::uint32_t code_of(std::string_view c) noexcept {
  return c.size() != 3 ? 0
                       : static_cast<std::uint32_t>(static_cast<unsigned char>(c[0])) << 16 |
                             static_cast<std::uint32_t>(static_cast<unsigned char>(c[1])) << 8 |
                             static_cast<std::uint32_t>(static_cast<unsigned char>(c[2]));
}

// ISO 4217 codes whose minor unit is not 2 digits (list 1, as of amendment 177).
constexpr std::array<std::uint32_t, 17> kZeroDigit{
    code_of("BIF"), code_of("CLP"), code_of("DJF"), code_of("GNF"), code_of("ISK"), code_of("JPY"),
    code_of("KMF"), code_of("KRW"), code_of("PYG"), code_of("RWF"), code_of("UGX"), code_of("UYI"),
    code_of("VND"), code_of("VUV"), code_of("XAF"), code_of("XOF"), code_of("XPF")};
constexpr std::array<std::uint32_t, 7> kThreeDigit{code_of("BHD"), code_of("IQD"), code_of("JOD"),
                                                   code_of("KWD"), code_of("LYD"), code_of("OMR"),
                                                   code_of("TND")};
constexpr std::array<std::uint32_t, 2> kFourDigit{code_of("CLF"), code_of("UYW")};

template <std::size_t N>
bool contains(const std::array<std::uint32_t, N>& list, std::uint32_t code) noexcept {
  return std::find(list.begin(), list.end(), code) != list.end();
}

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

}  // namespace

int minor_unit_digits(std::string_view currency) noexcept {
  const std::uint32_t code = code_of(currency);
  if (contains(kZeroDigit, code)) return 0;
  if (contains(kThreeDigit, code)) return 3;
  if (contains(kFourDigit, code)) return 4;
  return 2;
}

bool is_currency_code(std::string_view code) noexcept {
  return code.size() == 3 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string format_amount(const Money& money) {
  const int digits = minor_unit_digits(money.currency);
  // Work on the magnitude as unsigned so INT64_MIN formats correctly.
  const bool negative = money.minor_units < 0;
  std::uint64_t magnitude = negative ? (~static_cast<std::uint64_t>(money.minor_units) + 1)
                                     : static_cast<std::uint64_t>(money.minor_units);
  // Written backwards from the end of a buffer that holds any int64 with its point and sign.
  std::array<char, 32> buffer{};
  char* const end = buffer.data() + buffer.size();
  char* p = end;
  for (int i = 0; i < digits; ++i) {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  }
  if (digits > 0) *--p = '.';
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  if (negative) *--p = '-';
  return {p, end};
}

std::optional<Money> parse_money(std::string_view text, std::string_view currency) {
  if (!is_currency_code(currency)) return std::nullopt;
  const int digits = minor_unit_digits(currency);

  std::size_t pos = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++pos;
  const std::size_t int_begin = pos;
  while (pos < text.size() && is_digit(text[pos]))
    ++pos;
  const std::string_view int_part = text.substr(int_begin, pos - int_begin);
  if (int_part.empty()) return std::nullopt;
  std::string_view frac_part;
  if (pos < text.size()) {
    if (text[pos] != '.') return std::nullopt;
    const std::size_t frac_begin = ++pos;
    while (pos < text.size() && is_digit(text[pos]))
      ++pos;
    frac_part = text.substr(frac_begin, pos - frac_begin);
    if (frac_part.empty() || pos != text.size()) return std::nullopt;
  }

  // Accumulate |amount| in minor units with overflow checks.
  std::uint64_t units = 0;
  const auto push_digit = [&units](char c) {
    return !__builtin_mul_overflow(units, 10u, &units) &&
           !__builtin_add_overflow(units, static_cast<unsigned>(c - '0'), &units);
  };
  for (char c : int_part) {
    if (!push_digit(c)) return std::nullopt;
  }
  for (int i = 0; i < digits; ++i) {
    const char c = i < static_cast<int>(frac_part.size()) ? frac_part[i] : '0';
    if (!push_digit(c)) return std::nullopt;
  }
  if (static_cast<int>(frac_part.size()) > digits && frac_part[digits] >= '5') {
    if (__builtin_add_overflow(units, 1u, &units)) return std::nullopt;
  }

  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (units > kMax + (negative ? 1 : 0)) return std::nullopt;
  Money m;
  m.currency = std::string(currency);
  m.minor_units =
      negative ? static_cast<std::int64_t>(~units + 1) : static_cast<std::int64_t>(units);
  return m;
}

}  // namespace cartgate
