#include "outbound/address_policy.hpp"

#include <array>
#include <charconv>

#include "util/split_trimmed.hpp"

namespace cartgate::outbound {

namespace ip = boost::asio::ip;

namespace {

// The first `prefix` bits of a and b agree.
template <std::size_t N>
bool same_prefix(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                 unsigned prefix) {
  for (std::size_t i = 0; i < N && prefix > 0; ++i) {
    const unsigned bits = prefix >= 8 ? 8 : prefix;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

bool v4_in(const ip::address_v4& a, const char* network, unsigned prefix) {
  return same_prefix(a.to_bytes(), ip::make_address_v4(network).to_bytes(), prefix);
}

bool v4_public(const ip::address_v4& a) {
  static constexpr std::pair<const char*, unsigned> kSpecial[] = {
      {"0.0.0.0", 8},      {"10.0.0.0", 8},     {"100.64.0.0", 10}, {"127.0.0.0", 8},
      {"169.254.0.0", 16}, {"172.16.0.0", 12},  {"192.0.0.0", 24},  {"192.0.2.0", 24},
      {"192.88.99.0", 24}, {"192.168.0.0", 16}, {"198.18.0.0", 15}, {"198.51.100.0", 24},
      {"203.0.113.0", 24}, {"224.0.0.0", 4},    {"240.0.0.0", 4},
  };
  for (const auto& [net, prefix] : kSpecial) {
    if (v4_in(a, net, prefix)) return false;
  }
  return true;
}

bool v6_in(const ip::address_v6& a, const char* network, unsigned prefix) {
  return same_prefix(a.to_bytes(), ip::make_address_v6(network).to_bytes(), prefix);
}

}  // namespace

bool AddressPolicy::is_public(const ip::address& address) {
  if (address.is_v4()) return v4_public(address.to_v4());
  const ip::address_v6 a = address.to_v6();
  if (a.is_v4_mapped()) return v4_public(ip::make_address_v4(ip::v4_mapped, a));
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
  if (v6_in(a, "64:ff9b::", 96)) {
    const auto b = a.to_bytes();
    return v4_public(ip::address_v4(ip::address_v4::bytes_type{b[12], b[13], b[14], b[15]}));
  }
  static constexpr std::pair<const char*, unsigned> kSpecial[] = {
      {"::", 127},  // :: and ::1
      {"100::", 64},  {"2001:db8::", 32}, {"fc00::", 7},  {"fe80::", 10},
      {"fec0::", 10}, {"ff00::", 8},      {"2002::", 16},  // 6to4 can wrap private IPv4
  };
  for (const auto& [net, prefix] : kSpecial) {
    if (v6_in(a, net, prefix)) return false;
  }
  return true;
}

bool AddressPolicy::contains(const Range& r, const ip::address& a) {
  if (r.network.is_v4() != a.is_v4()) {
    if (a.is_v6() && a.to_v6().is_v4_mapped() && r.network.is_v4()) {
      return same_prefix(ip::make_address_v4(ip::v4_mapped, a.to_v6()).to_bytes(),
                         r.network.to_v4().to_bytes(), r.prefix);
    }
    return false;
  }
  if (a.is_v4()) return same_prefix(a.to_v4().to_bytes(), r.network.to_v4().to_bytes(), r.prefix);
  return same_prefix(a.to_v6().to_bytes(), r.network.to_v6().to_bytes(), r.prefix);
}

std::optional<AddressPolicy> AddressPolicy::parse(std::string_view text) {
  AddressPolicy policy;
  for (const std::string_view part : util::split_trimmed(text)) {
    if (part.empty()) continue;
    const auto slash = part.find('/');
    boost::system::error_code ec;
    const auto network = ip::make_address(std::string(part.substr(0, slash)), ec);
    if (ec) return std::nullopt;
    const unsigned max = network.is_v4() ? 32 : 128;
    unsigned prefix = max;
    if (slash != std::string_view::npos) {
      const auto digits = part.substr(slash + 1);
      auto [p, e] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      if (e != std::errc() || p != digits.data() + digits.size() || prefix > max) {
        return std::nullopt;
      }
    }
    policy.allow_.push_back(Range{network, prefix});
  }
  return policy;
}

bool AddressPolicy::allowed(const ip::address& address) const {
  if (is_public(address)) return true;
  for (const auto& r : allow_) {
    if (contains(r, address)) return true;
  }
  return false;
}

}  // namespace cartgate::outbound
