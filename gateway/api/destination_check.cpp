#include "api/destination_check.hpp"

#include <boost/asio/this_coro.hpp>

#include "store/store_url.hpp"

namespace cartgate::api {

namespace asio = boost::asio;

asio::awaitable<std::optional<http::Problem>> refuse_destination(CallContext& c,
                                                                 std::string_view url,
                                                                 std::string_view parameter) {
  const auto hp = url_host_port(url);
  if (!hp)
    co_return http::invalid_parameter("Parameter '" + std::string(parameter) +
                                      "' must be an absolute URL.");
  const auto executor = co_await asio::this_coro::executor;
  auto resolved =
      co_await outbound::resolve_destination(executor, c.services.destinations, hp->host, hp->port);
  const auto* refused = std::get_if<outbound::RefusedDestination>(&resolved);
  if (refused == nullptr) co_return std::nullopt;
  if (refused->why == outbound::Refusal::unresolvable) {
    co_return http::bad_request(
        "host_unresolvable",
        "The host of parameter '" + std::string(parameter) + "': " + refused->message + ".");
  }
  co_return http::bad_request("address_forbidden",
                              "The host of parameter '" + std::string(parameter) +
                                  "': " + refused->message +
                                  "; this gateway connects to public addresses only.");
}

}  // namespace cartgate::api
