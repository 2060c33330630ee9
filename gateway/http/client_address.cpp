#include "http/client_address.hpp"

namespace cartgate::http {

namespace ip = boost::asio::ip;

std::string client_address(const ip::address& peer, std::optional<std::string_view> forwarded_for,
                           const util::CidrSet& trusted_proxies) {
  ip::address client = peer;
  if (forwarded_for && trusted_proxies.contains(peer)) {
    // Right to left: each trusted hop vouches for the one before it.
    std::string_view rest = *forwarded_for;
    while (!rest.empty()) {
      const auto comma = rest.rfind(',');
      std::string_view hop = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
      while (!hop.empty() && (hop.front() == ' ' || hop.front() == '\t'))
        hop.remove_prefix(1);
      while (!hop.empty() && (hop.back() == ' ' || hop.back() == '\t'))
        hop.remove_suffix(1);
      boost::system::error_code ec;
      const auto address = ip::make_address(std::string(hop), ec);
      if (ec) break;  // garbage: believe nothing further left
      client = address;
      if (!trusted_proxies.contains(address)) break;
    }
  }
  if (client.is_v6() && client.to_v6().is_v4_mapped()) {
    client = ip::make_address_v4(ip::v4_mapped, client.to_v6());
  }
  return client.to_string();
}

}  // namespace cartgate::http
