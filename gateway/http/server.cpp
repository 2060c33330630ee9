#include "http/server.hpp"

#include <unordered_map>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include "http/session.hpp"
#include "log/logger.hpp"

namespace cartgate::http {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

struct DrainWatch : std::enable_shared_from_this<DrainWatch> {
  DrainWatch(const Server& s, asio::io_context& ctx, std::chrono::steady_clock::time_point d,
             std::function<void(bool)> f)
      : server(s), timer(ctx), deadline(d), done(std::move(f)) {}

  void check() {
    const bool clean = server.active_connections() == 0;
    if (clean || std::chrono::steady_clock::now() >= deadline) {
      done(clean);
      return;
    }
    timer.expires_after(std::chrono::milliseconds(10));
    timer.async_wait([self = shared_from_this()](boost::system::error_code) { self->check(); });
  }

  const Server& server;
  asio::steady_timer timer;
  std::chrono::steady_clock::time_point deadline;
  std::function<void(bool)> done;
};

// A problem answer written without reading the request, then the connection is closed: the
// cheapest refusal there is, for when the server or this client has no room.
void refuse(tcp::socket socket, std::string_view detail) {
  std::string body =
      R"({"type":"urn:cartgate:problem:overloaded","title":"Service unavailable","status":503,)"
      R"("detail":")" +
      std::string(detail) + R"(","code":"overloaded"})";
  auto text = std::make_shared<std::string>(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
      "Connection: close\r\nRetry-After: 1\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  auto s = std::make_shared<tcp::socket>(std::move(socket));
  asio::async_write(*s, asio::buffer(*text), [s, text](boost::system::error_code, std::size_t) {
    boost::system::error_code ignored;
    s->shutdown(tcp::socket::shutdown_both, ignored);
  });
}

}  // namespace

struct Server::Worker {
  RequestHandler* handler = nullptr;
  // Only touched on this worker's thread.
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

Server::Server(IoPool& pool, ServerLimits limits, const std::vector<RequestHandler*>& handlers,
               boost::asio::ssl::context* tls)
    : Server(pool, std::move(limits), handlers,
             // Not owned: the caller keeps it alive for as long as the server.
             tls != nullptr
                 ? std::shared_ptr<boost::asio::ssl::context>(std::shared_ptr<void>(), tls)
                 : nullptr) {}

Server::Server(IoPool& pool, ServerLimits limits, const std::vector<RequestHandler*>& handlers,
               std::shared_ptr<boost::asio::ssl::context> tls)
    : pool_(pool), limits_(std::move(limits)), acceptor_(pool.context(0)), tls_(std::move(tls)) {
  for (auto* h : handlers) {
    workers_.push_back(std::make_unique<Worker>());
    workers_.back()->handler = h;
  }
}

void Server::replace_tls(std::shared_ptr<boost::asio::ssl::context> tls) {
  std::lock_guard lock(tls_mutex_);
  tls_ = std::move(tls);
}

std::shared_ptr<boost::asio::ssl::context> Server::current_tls() const {
  std::lock_guard lock(tls_mutex_);
  return tls_;
}

Server::~Server() = default;

boost::system::result<tcp::endpoint> Server::listen(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) return ec;
  const tcp::endpoint endpoint{address, port};
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return ec;
  return acceptor_.local_endpoint();
}

void Server::start() {
  asio::post(acceptor_.get_executor(), [this] { accept_next(); });
}

void Server::accept_next() {
  const std::size_t worker = next_worker_++ % workers_.size();
  acceptor_.async_accept(
      pool_.context(worker), [this, worker](boost::system::error_code ec, tcp::socket socket) {
        if (!acceptor_.is_open() || draining_) return;
        if (ec) {
          // Typically EMFILE/ENFILE: pause briefly instead of spinning on the failing accept.
          log::warn("accept failed", {{"error", ec.message()}});
          auto timer = std::make_shared<asio::steady_timer>(acceptor_.get_executor(),
                                                            std::chrono::milliseconds(50));
          timer->async_wait([this, timer](boost::system::error_code) { accept_next(); });
          return;
        }
        boost::system::error_code peer_ec;
        const auto peer = socket.remote_endpoint(peer_ec).address();
        if (peer_ec) {
          // Gone before it was accepted (reset): nothing to serve.
        } else if (active_.load() >= limits_.max_connections) {
          refuse(std::move(socket), "Too many connections.");
        } else if (!admit_peer(peer)) {
          refuse(std::move(socket), "Too many connections from this address.");
        } else {
          asio::post(pool_.context(worker),
                     [this, worker, peer, tls = current_tls(), s = std::move(socket)]() mutable {
                       start_session(*this, worker, std::move(s), *workers_[worker]->handler,
                                     std::move(tls), peer);
                     });
        }
        accept_next();
      });
}

bool Server::admit_peer(const asio::ip::address& peer) {
  if (limits_.trusted_proxies.contains(peer)) return true;
  std::lock_guard lock(per_peer_mutex_);
  auto& n = per_peer_[peer];
  if (n >= limits_.max_connections_per_ip) return false;
  ++n;
  return true;
}

void Server::session_started(std::size_t worker, const std::shared_ptr<Session>& s) {
  ++active_;
  workers_[worker]->sessions.emplace(s.get(), s);
}

void Server::session_ended(std::size_t worker, Session* s, const asio::ip::address& peer) {
  workers_[worker]->sessions.erase(s);
  --active_;
  if (limits_.trusted_proxies.contains(peer)) return;
  std::lock_guard lock(per_peer_mutex_);
  auto it = per_peer_.find(peer);
  if (it != per_peer_.end() && --it->second == 0) per_peer_.erase(it);
}

void Server::drain(std::chrono::milliseconds timeout, std::function<void(bool)> done) {
  draining_ = true;
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    asio::post(pool_.context(i), [this, i] {
      for (auto& [raw, weak] : workers_[i]->sessions) {
        if (auto s = weak.lock()) s->begin_drain();
      }
    });
  }
  // Poll the connection count: drains are rare, and polling keeps sessions free of callbacks.
  auto watch = std::make_shared<DrainWatch>(
      *this, pool_.context(0), std::chrono::steady_clock::now() + timeout, std::move(done));
  asio::post(pool_.context(0), [watch] { watch->check(); });
}

}  // namespace cartgate::http
