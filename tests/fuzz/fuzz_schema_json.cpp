// Untrusted: normalized entities coming back from plugins and from storage.
#include <cstdint>
#include <string>

#include <boost/json.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/schema/json_text.hpp>

namespace {

// What we accept is written back identically by the document and the direct writer alike.
template <class T>
void check_entity(const boost::json::value& jv) {
  auto entity = boost::json::try_value_to<T>(jv);
  if (!entity) return;
  const boost::json::value written = boost::json::value_from(*entity);
  auto again = boost::json::try_value_to<T>(written);
  if (!again || !(*again == *entity)) __builtin_trap();
  std::string direct;
  cartgate::append_json(direct, *entity);
  if (direct != boost::json::serialize(written)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::system::error_code ec;
  auto jv = boost::json::parse({reinterpret_cast<const char*>(data), size}, ec);
  if (ec) return 0;
  if (auto e = boost::json::try_value_to<cartgate::Event>(jv)) {
    // What we accept, we must write back identically.
    auto again = boost::json::try_value_to<cartgate::Event>(boost::json::value_from(*e));
    if (!again || !(*again == *e)) __builtin_trap();
  }
  check_entity<cartgate::Order>(jv);
  check_entity<cartgate::Cart>(jv);
  check_entity<cartgate::Product>(jv);
  check_entity<cartgate::Customer>(jv);
  return 0;
}
