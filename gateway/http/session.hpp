#pragma once

#include <cstddef>
#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace cartgate::http {

class Server;
class RequestHandler;

/// One client connection. Lives on one worker thread; the server only asks it to drain.
class Session {
 public:
  virtual ~Session() = default;
  /// Closes the connection if it is idle, else after the response in flight.
  virtual void begin_drain() = 0;
};

/// Starts serving `socket`, over TLS when `tls` is given. Must be called on the socket's (the
/// worker's) thread.
void start_session(Server& server, std::size_t worker, boost::asio::ip::tcp::socket socket,
                   RequestHandler& handler, std::shared_ptr<boost::asio::ssl::context> tls,
                   const boost::asio::ip::address& peer);

}  // namespace cartgate::http
