#include "outbound/destination.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "util/ascii_lower.hpp"
#include "util/host_spelling.hpp"

namespace cartgate::outbound {

namespace asio = boost::asio;
using asio::ip::tcp;

asio::awaitable<Resolved> resolve_destination(asio::any_io_executor executor,
                                              const DestinationRules& rules, std::string_view host,
                                              std::string_view port) {
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string name = util::ascii_lower(host);
  boost::system::error_code literal_ec;
  (void)asio::ip::make_address(name, literal_ec);
  if (literal_ec && util::is_numeric_host_spelling(name)) {
    co_return RefusedDestination{Refusal::numeric_host,
                                 "'" + name + "' is a number spelled as a host name"};
  }
  std::string connect_host = name;
  std::string connect_port(port);
  if (auto r = rules.routes.route(name)) {
    connect_host = r->host;
    connect_port = r->port;
  }
  tcp::resolver resolver(executor);
  auto [ec, results] =
      co_await resolver.async_resolve(connect_host, connect_port, tcp::resolver::numeric_service,
                                      asio::as_tuple(asio::use_awaitable));
  if (ec || results.empty()) {
    co_return RefusedDestination{Refusal::unresolvable, "'" + name + "' does not resolve"};
  }
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : results) {
    if (!rules.policy.allowed(entry.endpoint().address())) {
      co_return RefusedDestination{
          Refusal::forbidden_address,
          "'" + name + "' resolves to a loopback, private, link-local or reserved address"};
    }
    endpoints.push_back(entry.endpoint());
  }
  co_return endpoints;
}

}  // namespace cartgate::outbound
