// Untrusted: platform money and time texts.
#include <cstdint>
#include <string_view>

#include <cartgate/schema/money.hpp>
#include <cartgate/schema/time.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto t = cartgate::parse_rfc3339(input)) {
    // Whatever parses must format and parse back to the same instant.
    if (cartgate::parse_rfc3339(cartgate::format_rfc3339(*t)) != t) __builtin_trap();
  }
  for (const char* currency : {"USD", "JPY", "KWD", "CLF"}) {
    if (auto m = cartgate::parse_money(input, currency)) {
      const auto text = cartgate::format_amount(*m);
      if (cartgate::parse_money(text, currency) != m) __builtin_trap();
    }
  }
  return 0;
}
