#pragma once
// Money is an integer count of the currency's ISO 4217 minor units plus the currency code.
// It is parsed from the platform's decimal text and never passes through a float.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cartgate {

struct Money {
  std::int64_t minor_units = 0;
  std::string currency;  // ISO 4217 alphabetic code, upper case

  friend bool operator==(const Money&, const Money&) = default;
};

/// ISO 4217 minor-unit digits: 0 for JPY, 3 for KWD, 2 for most (and unknown) codes.
int minor_unit_digits(std::string_view currency) noexcept;

/// True for three upper-case ASCII letters.
bool is_currency_code(std::string_view code) noexcept;

/// The decimal amount with exactly the currency's minor-unit digits: "29.35", "1500", "1.250".
std::string format_amount(const Money& money);

/// Parses a decimal text ("361.9500", "-3", "29.35", "1e2" is rejected) into minor units of
/// `currency`, rounding half away from zero when the text has more digits than the currency
/// (the rounding PHP-based platforms use). Rejects anything that is not a plain decimal or
/// does not fit in 64 bits.
std::optional<Money> parse_money(std::string_view decimal_text, std::string_view currency);

}  // namespace cartgate
