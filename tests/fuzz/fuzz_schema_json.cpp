// Untrusted: normalized entities coming back from plugins and from storage.
#include <cstdint>

#include <boost/json.hpp>

#include <cartgate/schema/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  auto jv = boost::json::parse({reinterpret_cast<const char*>(data), size}, ec);
  if (ec) return 0;
  if (auto e = boost::json::try_value_to<cartgate::Event>(jv)) {
    // What we accept, we must write back identically.
    auto again = boost::json::try_value_to<cartgate::Event>(boost::json::value_from(*e));
    if (!again || !(*again == *e)) __builtin_trap();
  }
  (void)boost::json::try_value_to<cartgate::Order>(jv);
  (void)boost::json::try_value_to<cartgate::Cart>(jv);
  (void)boost::json::try_value_to<cartgate::Product>(jv);
  (void)boost::json::try_value_to<cartgate::Customer>(jv);
  return 0;
}
