#pragma once
// Which addresses the gateway may connect to. Store URLs, subscriber URLs and every other
// destination are user input, so a host that resolves to loopback, private, link-local (cloud
// metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved or documentation space,
// or to an IPv6 form that embeds such an IPv4 address (mapped, compatible, NAT64, 6to4,
// Teredo), is refused unless the deployment's allowlist (local development, tests) names its
// range. Checked on the resolved addresses that are then connected to, so DNS rebinding
// between a check and a connect cannot slip through.

#include <optional>
#include <string_view>

#include <boost/asio/ip/address.hpp>

#include "util/cidr_set.hpp"

namespace cartgate::outbound {

class AddressPolicy {
 public:
  /// "127.0.0.1/32,::1/128" (empty: nothing beyond public addresses); nullopt if malformed.
  static std::optional<AddressPolicy> parse(std::string_view allowlist);

  bool allowed(const boost::asio::ip::address& address) const;

  /// Globally reachable unicast: none of the special-purpose ranges above.
  static bool is_public(const boost::asio::ip::address& address);

  /// The allowlist opens at least one range (a development or test deployment).
  bool has_allowlist() const { return !allow_.empty(); }

 private:
  util::CidrSet allow_;
};

}  // namespace cartgate::outbound
