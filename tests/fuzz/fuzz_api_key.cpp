// Untrusted: Authorization / x-api-key header values.
#include <cstdint>
#include <string>

#include "auth/api_key.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  cartgate::http::Request r;
  r.headers = {{"Authorization", input}};
  if (auto key = cartgate::auth::api_key_from(r)) (void)cartgate::auth::parse_api_key(*key);
  (void)cartgate::auth::parse_api_key(input);
  (void)cartgate::auth::is_valid_tenant_id(input);
  return 0;
}
