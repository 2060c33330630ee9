#pragma once
// The HTTP/1.1 front door: one acceptor, connections spread round-robin over the io threads,
// keep-alive and pipelining, per-phase timeouts, size limits, graceful drain.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include "http/io_pool.hpp"
#include "http/request_handler.hpp"

namespace cartgate::http {

struct ServerLimits {
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_connections = 10'000;
};

class Session;

class Server {
 public:
  /// `handlers[i]` serves the connections of pool context i. With `tls`, every connection
  /// speaks HTTPS (the context must outlive the server).
  Server(IoPool& pool, ServerLimits limits, const std::vector<RequestHandler*>& handlers,
         boost::asio::ssl::context* tls = nullptr);
  ~Server();

  boost::system::result<boost::asio::ip::tcp::endpoint> listen(const std::string& host,
                                                               std::uint16_t port);
  void start();

  /// Stops accepting, closes idle keep-alive connections and lets in-flight requests finish
  /// (their responses carry Connection: close). `done(clean)` runs on context 0 once no
  /// connection is left (clean) or `timeout` has passed (not clean).
  void drain(std::chrono::milliseconds timeout, std::function<void(bool)> done);

  std::size_t active_connections() const { return active_.load(); }

  // Called by sessions on their own worker thread.
  void session_started(std::size_t worker, const std::shared_ptr<Session>& s);
  void session_ended(std::size_t worker, Session* s);
  bool draining() const { return draining_.load(); }
  const ServerLimits& limits() const { return limits_; }

 private:
  struct Worker;
  void accept_next();

  IoPool& pool_;
  ServerLimits limits_;
  std::vector<std::unique_ptr<Worker>> workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::ssl::context* tls_;
  std::size_t next_worker_ = 0;
  std::atomic<std::size_t> active_{0};
  std::atomic<bool> draining_{false};
};

}  // namespace cartgate::http
