#pragma once
// The HTTP/1.1 front door: one acceptor, connections spread round-robin over the io threads,
// keep-alive and pipelining, per-phase timeouts, size limits, graceful drain.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include "http/io_pool.hpp"
#include "http/request_handler.hpp"
#include "util/cidr_set.hpp"

namespace cartgate::http {

struct ServerLimits {
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_header_bytes = std::size_t{16} * 1024;
  std::size_t max_body_bytes = std::size_t{1024} * 1024;
  std::size_t max_connections = 10'000;
  // Per client address (trusted proxies exempt): a slow or hostile client holds at most this
  // many of the connections above.
  std::size_t max_connections_per_ip = 256;
  util::CidrSet trusted_proxies;  // whose X-Forwarded-For is believed (http/client_address.hpp)
};

class Session;

class Server {
 public:
  /// `handlers[i]` serves the connections of pool context i. With `tls`, every connection
  /// speaks HTTPS (the context must outlive the server).
  Server(IoPool& pool, ServerLimits limits, const std::vector<RequestHandler*>& handlers,
         boost::asio::ssl::context* tls = nullptr);
  /// HTTPS with a context the server shares: replace_tls() swaps it (certificate reload) for
  /// the connections accepted from then on; open ones keep the context they started with.
  Server(IoPool& pool, ServerLimits limits, const std::vector<RequestHandler*>& handlers,
         std::shared_ptr<boost::asio::ssl::context> tls);
  void replace_tls(std::shared_ptr<boost::asio::ssl::context> tls);
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
  void session_ended(std::size_t worker, Session* s, const boost::asio::ip::address& peer);
  bool draining() const { return draining_.load(); }
  const ServerLimits& limits() const { return limits_; }

 private:
  struct Worker;
  void accept_next();
  // Counts a new connection from `peer`; false when the peer is at its limit.
  bool admit_peer(const boost::asio::ip::address& peer);

  IoPool& pool_;
  ServerLimits limits_;
  std::vector<std::unique_ptr<Worker>> workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<boost::asio::ssl::context> current_tls() const;
  mutable std::mutex tls_mutex_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::size_t next_worker_ = 0;
  std::atomic<std::size_t> active_{0};
  std::atomic<bool> draining_{false};
  std::mutex per_peer_mutex_;  // taken by the acceptor and by sessions ending on any worker
  std::map<boost::asio::ip::address, std::size_t> per_peer_;
};

}  // namespace cartgate::http
