#pragma once
// A one-shot HTTP/1.1 client for webhook deliveries: resolve, connect, optional TLS (SNI,
// certificate checked against the configured CA), one request, one response, close; every step
// under one deadline. Platforms do not pool webhook connections either.

#include <chrono>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cartgate/http_message.hpp>

namespace sandbox {

struct ClientResult {
  bool connected = false;  // false: DNS, connect, TLS or timeout failure (no status)
  int status = 0;
  std::string body;
  std::string error;
};

boost::asio::awaitable<ClientResult> http_send(boost::asio::any_io_executor executor,
                                               boost::asio::ssl::context& tls,
                                               const cartgate::HttpRequest& request,
                                               std::chrono::milliseconds timeout);

}  // namespace sandbox
