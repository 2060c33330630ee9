#include "util/cidr_set.hpp"

#include <charconv>
#include <string>

#include "util/split_trimmed.hpp"

namespace cartgate::util {

namespace ip = boost::asio::ip;

namespace {

template <std::size_t N>
bool same_bits(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
               unsigned prefix) {
  for (std::size_t i = 0; i < N && prefix > 0; ++i) {
    const unsigned bits = prefix >= 8 ? 8 : prefix;
    const auto mask = static_cast<unsigned char>(0xFF << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

}  // namespace

bool same_prefix(const ip::address& a, const ip::address& b, unsigned prefix) {
  if (a.is_v4() != b.is_v4()) return false;
  if (a.is_v4()) return same_bits(a.to_v4().to_bytes(), b.to_v4().to_bytes(), prefix);
  return same_bits(a.to_v6().to_bytes(), b.to_v6().to_bytes(), prefix);
}

std::optional<CidrSet> CidrSet::parse(std::string_view text) {
  CidrSet set;
  for (const std::string_view part : split_trimmed(text)) {
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
    set.ranges_.push_back(Range{network, prefix});
  }
  return set;
}

bool CidrSet::contains(const ip::address& address) const {
  ip::address a = address;
  if (a.is_v6() && a.to_v6().is_v4_mapped()) a = ip::make_address_v4(ip::v4_mapped, a.to_v6());
  for (const auto& r : ranges_) {
    if (same_prefix(r.network, a, r.prefix)) return true;
  }
  return false;
}

}  // namespace cartgate::util
