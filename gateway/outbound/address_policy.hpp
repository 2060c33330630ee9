#pragma once
// Which addresses outbound deliveries may connect to: subscriber URLs are user input, so a
// host that resolves to loopback, private, link-local (cloud metadata at 169.254.169.254),
// carrier-grade NAT, multicast or reserved space is refused, unless an explicit allowlist
// (local development, tests) names its range. Checked on the resolved address that is then
// connected to, so DNS rebinding between check and connect cannot slip through.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace cartgate::outbound {

class AddressPolicy {
 public:
  /// "127.0.0.0/8,::1/128" (empty: nothing beyond public addresses); nullopt if malformed.
  static std::optional<AddressPolicy> parse(std::string_view allowlist);

  bool allowed(const boost::asio::ip::address& address) const;

  /// Public unicast space: not any of the special-purpose ranges above.
  static bool is_public(const boost::asio::ip::address& address);

 private:
  struct Range {
    boost::asio::ip::address network;
    unsigned prefix = 0;
  };
  static bool contains(const Range& range, const boost::asio::ip::address& address);
  std::vector<Range> allow_;
};

}  // namespace cartgate::outbound
