#pragma once

#include <boost/asio/awaitable.hpp>

#include "http/message.hpp"

namespace cartgate::http {

/// What the server calls for each complete request. One instance per io thread, so
/// implementations may keep per-thread state (their Redis connection) without locks.
/// Must not throw; the session turns anything that escapes into a 500 problem.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  virtual boost::asio::awaitable<Response> handle(Request& request) = 0;
};

}  // namespace cartgate::http
