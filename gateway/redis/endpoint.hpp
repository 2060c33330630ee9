#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace cartgate::redis {

/// Where and how to connect: from redis://[user[:password]@]host[:port][/db] or
/// unix:///path/to/socket[?db=N].
struct Endpoint {
  std::string host = "127.0.0.1";
  std::uint16_t port = 6379;
  std::string unix_path;  // set for unix:// URLs
  std::string username;
  std::string password;
  int db = 0;

  /// host:port or the socket path, for logs (never the password).
  std::string describe() const;
};

boost::system::result<Endpoint> parse_endpoint(std::string_view url);

}  // namespace cartgate::redis
