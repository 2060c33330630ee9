// Untrusted: the subscriber URL a tenant gives webhook.create, and the address policy that
// guards every delivery connect.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "events/subscriber_url.hpp"
#include "outbound/address_policy.hpp"

namespace {

void check(std::string_view input, std::string_view allowlist) {
  auto checked = cartgate::events::check_subscriber_url(input, allowlist);
  const auto* url = std::get_if<std::string>(&checked);
  if (url == nullptr) return;
  // Whatever passes is an absolute URL with a host, https unless private ranges are opened.
  auto parsed = boost::urls::parse_absolute_uri(*url);
  if (!parsed || parsed->host().empty() || parsed->has_userinfo()) __builtin_trap();
  if (allowlist.empty() && parsed->scheme() != "https") __builtin_trap();
  // With no allowlist, a literal address that passes is public.
  std::string host(parsed->host_address());
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto literal = boost::asio::ip::make_address(host, ec);
  if (!ec && allowlist.empty() && !cartgate::outbound::AddressPolicy::is_public(literal)) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check(input, "");
  check(input, "127.0.0.0/8");
  // The allowlist text itself (configuration, but parsed by the same code).
  if (auto policy = cartgate::outbound::AddressPolicy::parse(input)) {
    (void)policy->allowed(boost::asio::ip::make_address("127.0.0.1"));
    (void)policy->allowed(boost::asio::ip::make_address("::1"));
  }
  return 0;
}
