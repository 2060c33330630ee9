#include "outbound/address_policy.hpp"

#include "util/cidr_set.hpp"

namespace cartgate::outbound {

namespace ip = boost::asio::ip;

namespace {

bool v4_in(const ip::address_v4& a, const char* network, unsigned prefix) {
  return util::same_prefix(a, ip::make_address_v4(network), prefix);
}

bool v4_public(const ip::address_v4& a) {
  // IANA's IPv4 special-purpose registry: everything not globally reachable, plus the
  // anycast relays (6to4) and AS112 sinks nobody runs a store on.
  static constexpr std::pair<const char*, unsigned> kSpecial[] = {
      {"0.0.0.0", 8},       {"10.0.0.0", 8},      {"100.64.0.0", 10},   {"127.0.0.0", 8},
      {"169.254.0.0", 16},  {"172.16.0.0", 12},   {"192.0.0.0", 24},    {"192.0.2.0", 24},
      {"192.31.196.0", 24}, {"192.52.193.0", 24}, {"192.88.99.0", 24},  {"192.168.0.0", 16},
      {"192.175.48.0", 24}, {"198.18.0.0", 15},   {"198.51.100.0", 24}, {"203.0.113.0", 24},
      {"224.0.0.0", 4},     {"240.0.0.0", 4},
  };
  for (const auto& [net, prefix] : kSpecial) {
    if (v4_in(a, net, prefix)) return false;
  }
  return true;
}

bool v6_in(const ip::address_v6& a, const char* network, unsigned prefix) {
  return util::same_prefix(a, ip::make_address_v6(network), prefix);
}

ip::address_v4 low_32_bits(const ip::address_v6& a) {
  const auto b = a.to_bytes();
  return ip::address_v4(ip::address_v4::bytes_type{b[12], b[13], b[14], b[15]});
}

}  // namespace

bool AddressPolicy::is_public(const ip::address& address) {
  if (address.is_v4()) return v4_public(address.to_v4());
  const ip::address_v6 a = address.to_v6();
  // Forms that reach an IPv4 address are judged by that address: v4-mapped (dual-stack
  // sockets connect to it) and the well-known NAT64 prefix (a DNS64 network translates it).
  if (a.is_v4_mapped()) return v4_public(ip::make_address_v4(ip::v4_mapped, a));
  if (v6_in(a, "64:ff9b::", 96)) return v4_public(low_32_bits(a));
  // Only global unicast (2000::/3) is reachable at all. That alone excludes ::, ::1, the
  // deprecated IPv4-compatible ::/96, local-use NAT64 64:ff9b:1::/48, discard 100::/64,
  // unique-local fc00::/7, link-local fe80::/10, site-local fec0::/10 and multicast ff00::/8.
  if (!v6_in(a, "2000::", 3)) return false;
  static constexpr std::pair<const char*, unsigned> kSpecial[] = {
      {"2001::", 23},      // IETF protocol assignments, Teredo (2001::/32) among them
      {"2001:db8::", 32},  // documentation
      {"2002::", 16},      // 6to4: wraps any IPv4 address, private ones included
      {"3fff::", 20},      // documentation (RFC 9637)
  };
  for (const auto& [net, prefix] : kSpecial) {
    if (v6_in(a, net, prefix)) return false;
  }
  return true;
}

std::optional<AddressPolicy> AddressPolicy::parse(std::string_view text) {
  auto ranges = util::CidrSet::parse(text);
  if (!ranges) return std::nullopt;
  AddressPolicy policy;
  policy.allow_ = std::move(*ranges);
  return policy;
}

bool AddressPolicy::allowed(const ip::address& address) const {
  return is_public(address) || allow_.contains(address);
}

}  // namespace cartgate::outbound
