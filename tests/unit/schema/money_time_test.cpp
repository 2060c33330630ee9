#include <gtest/gtest.h>

#include <cartgate/schema/money.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate {
namespace {

std::string roundtrip(std::string_view text, std::string_view currency) {
  auto m = parse_money(text, currency);
  return m ? format_amount(*m) : "invalid";
}

TEST(Money, ParsesPlatformTextsToMinorUnitsWithoutFloats) {
  EXPECT_EQ(roundtrip("361.9500", "USD"), "361.95");  // BigCommerce 4-decimal strings
  EXPECT_EQ(roundtrip("29.35", "USD"), "29.35");      // WooCommerce/Shopify
  EXPECT_EQ(roundtrip("165", "USD"), "165.00");       // Magento bare numbers
  EXPECT_EQ(roundtrip("1500", "JPY"), "1500");
  EXPECT_EQ(roundtrip("1.25", "KWD"), "1.250");
  EXPECT_EQ(roundtrip("0", "EUR"), "0.00");
  EXPECT_EQ(roundtrip("-3.5", "EUR"), "-3.50");
  EXPECT_EQ(roundtrip("-0.00", "EUR"), "0.00");
  EXPECT_EQ(parse_money("0.1", "USD")->minor_units, 10);
  EXPECT_EQ(parse_money("92233720368547758.07", "USD")->minor_units, INT64_MAX);
}

TEST(Money, RoundsHalfAwayFromZero) {
  EXPECT_EQ(roundtrip("10.125", "USD"), "10.13");
  EXPECT_EQ(roundtrip("10.1249", "USD"), "10.12");
  EXPECT_EQ(roundtrip("-10.125", "USD"), "-10.13");
  EXPECT_EQ(roundtrip("0.5", "JPY"), "1");
  EXPECT_EQ(roundtrip("1.2345", "KWD"), "1.235");
}

TEST(Money, RejectsAnythingButPlainDecimals) {
  for (const char* bad : {"", "-", ".5", "5.", "1e3", "1,00", " 1", "1 ", "+1", "0x10", "1.2.3",
                          "NaN", "92233720368547758.08", "99999999999999999999"}) {
    EXPECT_FALSE(parse_money(bad, "USD").has_value()) << bad;
  }
  EXPECT_FALSE(parse_money("1.00", "usd").has_value());
  EXPECT_FALSE(parse_money("1.00", "US").has_value());
}

TEST(Money, KnowsIso4217MinorUnits) {
  EXPECT_EQ(minor_unit_digits("USD"), 2);
  EXPECT_EQ(minor_unit_digits("JPY"), 0);
  EXPECT_EQ(minor_unit_digits("KRW"), 0);
  EXPECT_EQ(minor_unit_digits("BHD"), 3);
  EXPECT_EQ(minor_unit_digits("CLF"), 4);
  EXPECT_EQ(minor_unit_digits("XYZ"), 2);
  EXPECT_EQ(format_amount(Money{INT64_MIN, "USD"}), "-92233720368547758.08");
}

TEST(Time, FormatsUtcSecondsWithZ) {
  const Timestamp t = std::chrono::sys_days{std::chrono::year{2026} / 11 / 22} +
                      std::chrono::hours{8} + std::chrono::minutes{31} + std::chrono::seconds{38};
  EXPECT_EQ(format_rfc3339(t), "2026-11-22T08:31:38Z");
  EXPECT_EQ(format_rfc3339(Timestamp{}), "1970-01-01T00:00:00Z");
  // The fixed-width fast path ends at year 9999; beyond it the general form still holds.
  const auto at = [](int y) {
    return Timestamp{std::chrono::sys_days{std::chrono::year{y} / 12 / 31} +
                     std::chrono::hours{23} + std::chrono::minutes{59} + std::chrono::seconds{59}};
  };
  EXPECT_EQ(format_rfc3339(at(9)), "0009-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(at(9999)), "9999-12-31T23:59:59Z");
  EXPECT_EQ(format_rfc3339(at(10000)), "10000-12-31T23:59:59Z");
}

TEST(Time, ParsesOffsetsAndFractionsToUtc) {
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2021-12-31T19:00:00-05:00")), "2022-01-01T00:00:00Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2018-09-17T14:27:39.000Z")), "2018-09-17T14:27:39Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2018-08-15T14:48:46+00:00")), "2018-08-15T14:48:46Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2024-02-29t23:59:59z")), "2024-02-29T23:59:59Z");
  EXPECT_EQ(format_rfc3339(*parse_rfc3339("2016-12-31T23:59:60Z")), "2017-01-01T00:00:00Z");
}

TEST(Time, RejectsWhatIsNotRfc3339) {
  for (const char* bad :
       {"", "2017-03-22T16:28:02", "2017-08-21 22:22:19", "Wed, 10 Jan 2018 21:05:30 +0000",
        "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00+0500", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00Zjunk",
        "2026-01-01T00:00:00+24:00"}) {
    EXPECT_FALSE(parse_rfc3339(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace cartgate
