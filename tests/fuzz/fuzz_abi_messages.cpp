// Untrusted: JSON a third-party plugin hands back through the C ABI.
#include <cstdint>
#include <string_view>

#include <cartgate/detail/abi_codec.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto jv = cartgate::abi::parse({reinterpret_cast<const char*>(data), size});
  if (!jv) return 0;
  (void)cartgate::abi::decode_manifest(*jv);
  (void)cartgate::abi::decode_step_input(*jv);
  if (auto out = cartgate::abi::decode_step_outcome(*jv)) {
    (void)cartgate::abi::serialize(cartgate::abi::encode_step_outcome(*out));
  }
  (void)cartgate::abi::decode_webhook_input(*jv);
  (void)cartgate::abi::decode_webhook_result(*jv);
  return 0;
}
