#pragma once
// Where an outbound request may go, decided the same way everywhere: at store.add,
// store.update and webhook.create (before anything is saved) and on every connect (so a DNS
// answer that changed since cannot slip through). A host is routed (connect_routes.hpp),
// resolved, and refused when it is spelled as a disguised number or when ANY of its addresses
// is outside the policy: a name that mixes public and private answers is not a store.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "outbound/address_policy.hpp"
#include "outbound/connect_routes.hpp"

namespace cartgate::outbound {

/// The deployment's outbound rules, built once from configuration and shared read-only.
struct DestinationRules {
  AddressPolicy policy;
  ConnectRoutes routes;
};

enum class Refusal {
  numeric_host,       // "2130706433", "0x7f000001", "127.1", ...
  forbidden_address,  // resolves to loopback, private, link-local, metadata, reserved, ...
  unresolvable,       // no address at all
};

struct RefusedDestination {
  Refusal why = Refusal::unresolvable;
  std::string message;  // names the host as given, never the addresses it resolved to
};

using Resolved = std::variant<std::vector<boost::asio::ip::tcp::endpoint>, RefusedDestination>;

/// Resolves `host` (as written in a URL; brackets around IPv6 literals allowed) and `port`
/// under `rules`.
boost::asio::awaitable<Resolved> resolve_destination(boost::asio::any_io_executor executor,
                                                     const DestinationRules& rules,
                                                     std::string_view host, std::string_view port);

}  // namespace cartgate::outbound
