// Untrusted: every platform answer's bytes go through parse_platform_json first, and platform
// dates through the naive-UTC and RFC 2822 readers.
#include <cstdint>
#include <string_view>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto v = cartgate::sdk::parse_platform_json(input)) {
    // What parses has no doubles left, and serializes to JSON that parses the same way again.
    const std::string again = boost::json::serialize(*v);
    auto reparsed = cartgate::sdk::parse_platform_json(again);
    if (!reparsed || *reparsed != *v) __builtin_trap();
  }
  for (auto parse : {cartgate::sdk::parse_naive_utc, cartgate::sdk::parse_rfc2822}) {
    if (auto t = parse(input)) {
      const auto text = cartgate::sdk::format_naive_utc(*t, ' ');
      if (cartgate::sdk::parse_naive_utc(text) != t) __builtin_trap();
    }
  }
  return 0;
}
