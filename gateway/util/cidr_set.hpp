#pragma once
// A set of address ranges from a comma list of CIDRs ("127.0.0.1/32, ::1/128", a bare address
// meaning its own /32 or /128). An IPv4 range also holds the IPv4-mapped IPv6 form of its
// addresses, which dual-stack sockets report.

#include <optional>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace cartgate::util {

class CidrSet {
 public:
  /// nullopt when a part is not an address with an optional prefix length.
  static std::optional<CidrSet> parse(std::string_view text);

  bool contains(const boost::asio::ip::address& address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    boost::asio::ip::address network;
    unsigned prefix = 0;
  };
  std::vector<Range> ranges_;
};

/// The first `prefix` bits of `a` and `b` (same family) agree.
bool same_prefix(const boost::asio::ip::address& a, const boost::asio::ip::address& b,
                 unsigned prefix);

}  // namespace cartgate::util
