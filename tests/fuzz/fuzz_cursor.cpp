// Untrusted: pagination cursors sent back by API callers.
#include <cstdint>
#include <string_view>

#include "security/cursor_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cartgate::security::CursorCodec codec(std::string(32, 'k'));
  (void)codec.decode("tenant", "store.list", {reinterpret_cast<const char*>(data), size});
  return 0;
}
