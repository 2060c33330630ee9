#pragma once
// A Redis reply, copied out of hiredis so it outlives the callback that delivered it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace cartgate::redis {

struct Reply {
  enum class Type { nil, integer, string, status, error, array };
  Type type = Type::nil;
  std::int64_t integer = 0;
  std::string str;  // string, status and error replies
  std::vector<Reply> elements;

  bool is_nil() const { return type == Type::nil; }
  bool is_error() const { return type == Type::error; }
  bool is_string() const { return type == Type::string || type == Type::status; }
  /// The string value, if this is a bulk/status string.
  std::optional<std::string_view> as_string() const {
    if (!is_string()) return std::nullopt;
    return std::string_view{str};
  }
  std::optional<std::int64_t> as_integer() const;
};

enum class errc {
  not_connected = 1,  // no connection right now (reconnecting with backoff)
  connection_lost,    // the connection dropped before the reply arrived
  timeout,            // no reply within the command timeout; the connection was reset
  server_error,       // Redis answered with an error reply
  unexpected_reply,   // a reply of a type the caller did not expect
};
const boost::system::error_category& category() noexcept;
inline boost::system::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), category()};
}

using Result = boost::system::result<Reply>;

/// Empty for a usable reply; the transport error, or server_error for a Redis error reply.
inline boost::system::error_code failure_of(const Result& r) {
  if (!r) return r.error();
  if (r->is_error()) return make_error_code(errc::server_error);
  return {};
}

}  // namespace cartgate::redis

template <>
struct boost::system::is_error_code_enum<cartgate::redis::errc> : std::true_type {};
