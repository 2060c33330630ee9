#pragma once
// A blocking HTTP/1.1 client for tests: real sockets, keep-alive, raw byte access for the
// malformed/slow-client cases.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

namespace cartgate::test {

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool connection_closed = false;  // the server closed after this response

  std::string header(const std::string& name) const;
  boost::json::value json() const;  // parsed body; null if not JSON
};

class HttpConnection {
 public:
  HttpConnection(std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10));
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  HttpResult request(const std::string& method, const std::string& target,
                     const std::map<std::string, std::string>& headers = {},
                     const std::string& body = {});
  /// Sends raw bytes (no framing).
  void send_raw(const std::string& bytes);
  /// Reads one response; nullopt if the connection closed or timed out before one arrived.
  std::optional<HttpResult> read_response();
  /// True once the peer has closed (reads EOF within `wait`).
  bool closed_by_peer(std::chrono::milliseconds wait);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// One request on a fresh connection.
HttpResult http_request(std::uint16_t port, const std::string& method, const std::string& target,
                        const std::map<std::string, std::string>& headers = {},
                        const std::string& body = {});

}  // namespace cartgate::test
