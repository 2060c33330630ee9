// Untrusted: the query string and JSON body of every API request.
#include <cstdint>
#include <string>

#include "api/params.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const auto split = input.find('\n');
  cartgate::http::Request r;
  r.query = input.substr(0, split);
  if (split != std::string::npos) r.body = input.substr(split + 1);
  r.headers = {{"Content-Type", "application/json"}};
  auto p = cartgate::api::Params::from_request(r);
  if (p) {
    (void)p->only({"limit", "cursor"});
    (void)p->integer("limit", 1, 250, 50);
    (void)p->string("cursor", 4096);
    (void)p->string_map("credentials", 4096);
  }
  return 0;
}
