#pragma once
// The request and response as handlers see them: plain data, no Beast types, so API code
// compiles without the HTTP parser headers.

#include <string>
#include <string_view>

#include <cartgate/http_message.hpp>

namespace cartgate::http {

struct Request {
  std::string method;  // upper case, as sent
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw (still encoded) query string, without '?'
  HttpHeaders headers;
  std::string body;
  std::string remote_address;  // the connection's peer, "address:port"
  std::string client_ip;       // the client: the peer, or whom trusted proxies forwarded for
  std::string request_id;      // the caller's X-Request-Id if well-formed, else generated

  std::optional<std::string_view> header(std::string_view name) const {
    return find_header(headers, name);
  }
};

struct Response {
  int status = 200;
  HttpHeaders headers;
  std::string body;

  void set_header(std::string name, std::string value);
  static Response json(int status, std::string body);
};

}  // namespace cartgate::http
