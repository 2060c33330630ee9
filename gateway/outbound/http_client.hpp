#pragma once
// The gateway's HTTP client towards stores: Beast over TCP and TLS (SNI, certificate and host
// name verification against the system store plus an optional CA bundle), keep-alive
// connections pooled per origin, a deadline on every request, and bounded retries with jitter
// for idempotent requests that failed in transport or with 500/502/503/504.
//
// One client per io thread (like the Redis client): it is not thread-safe and needs no locks.
// Rate limits are not its business; 429s are handed back untouched.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>

#include <cartgate/http_message.hpp>

#include "outbound/destination.hpp"

namespace cartgate::outbound {

using Clock = std::chrono::steady_clock;

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5'000};
  int max_retries = 2;  // extra attempts for idempotent requests
  std::chrono::milliseconds retry_base_delay{200};
  std::size_t max_response_bytes = std::size_t{64} << 20;
  std::size_t max_idle_per_origin = 16;
  std::chrono::milliseconds idle_lifetime{30'000};  // pooled connections older are closed
  std::string user_agent = "cartgate";
  // Where requests may go (outbound/destination.hpp), shared by every client of the process
  // and outliving them. A refused host fails as `forbidden_address` (or `resolve`); without
  // rules every host is refused.
  const DestinationRules* destinations = nullptr;
};

enum class FetchFailure {
  invalid_url,
  resolve,
  connect,
  tls,
  timeout,
  transport,
  too_large,
  forbidden_address,  // refused by the destination rules: no connection was attempted
};

struct FetchError {
  FetchFailure failure = FetchFailure::transport;
  std::string message;  // host and cause; never the URL's query or any header
};

using FetchResult = std::variant<HttpResponse, FetchError>;

/// A TLS client context: peer verification on, the system's trust store, plus `ca_file`
/// (PEM) when it is not empty. Throws on an unreadable CA file (start-up configuration error).
boost::asio::ssl::context make_tls_client_context(const std::string& ca_file);

class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, boost::asio::ssl::context& tls,
             ClientOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Performs `request` (with retries where safe), giving up at `deadline`.
  boost::asio::awaitable<FetchResult> fetch(const HttpRequest& request, Clock::time_point deadline);

  std::size_t idle_connections() const;

  struct Connection;  // a pooled stream, defined in http_client.cpp

 private:
  boost::asio::awaitable<FetchResult> attempt(const HttpRequest& request, bool idempotent,
                                              Clock::time_point deadline);
  /// An idle connection to `origin`; with `checked`, only one the server has not closed.
  std::unique_ptr<Connection> take_idle(const std::string& origin, bool checked);
  void put_idle(const std::string& origin, std::unique_ptr<Connection> connection);

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  ClientOptions options_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
  std::minstd_rand jitter_;
};

}  // namespace cartgate::outbound
