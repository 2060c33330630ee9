#pragma once
// Operator-chosen routes for platform hosts, like curl's --connect-to: "*.myshopify.com" and
// "api.bigcommerce.com" can be sent to a sandbox or staging address while the request keeps
// its real Host header, SNI and certificate name. Store URLs therefore always name the real
// platform, and only the operator (never a tenant) decides where such a host is reached.
// The routed address still passes the address policy.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cartgate::outbound {

struct Route {
  std::string host;
  std::string port;
};

class ConnectRoutes {
 public:
  /// "*.myshopify.com=127.0.0.1:8443, api.bigcommerce.com=127.0.0.1:8443"; empty: none.
  /// nullopt when an entry is not `<host or *.suffix>=<host>:<port>`.
  static std::optional<ConnectRoutes> parse(std::string_view text);

  /// Where to connect for `host` (lower case), or nullopt to connect to the host itself.
  std::optional<Route> route(std::string_view host) const;

  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string pattern;  // "api.bigcommerce.com" or ".myshopify.com" (from "*.myshopify.com")
    bool suffix = false;
    Route to;
  };
  std::vector<Entry> entries_;
};

}  // namespace cartgate::outbound
