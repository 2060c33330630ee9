#pragma once
// The parameters of one API call: the query string merged with a JSON object body. Each
// handler lists the names it accepts (a misspelt parameter is an error, not silently ignored)
// and reads them through typed accessors that answer with a problem naming the parameter.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include "http/message.hpp"
#include "http/problem.hpp"

namespace cartgate::api {

template <class T>
using ApiResult = boost::system::result<T, http::Problem>;

/// Decodes an application/x-www-form-urlencoded query into name/value pairs. Rejects bad
/// percent-escapes, empty names and repeated names.
ApiResult<std::map<std::string, std::string>> parse_query(std::string_view query);

class Params {
 public:
  /// From the request's query and, for a non-empty body, its JSON object (Content-Type
  /// application/json). A name given in both is an error.
  static ApiResult<Params> from_request(const http::Request& request);
  /// From one JSON object: an operation of a batch, or one a job stored.
  static Params from_object(boost::json::object values) {
    Params p;
    p.values_ = std::move(values);
    return p;
  }

  /// A problem naming the first parameter not in `allowed`, if any.
  std::optional<http::Problem> only(std::initializer_list<std::string_view> allowed) const;
  /// The same, with one more accepted name decided at run time (empty: none).
  std::optional<http::Problem> only(std::initializer_list<std::string_view> allowed,
                                    std::string_view also) const;

  bool has(std::string_view name) const { return values_.if_contains(name) != nullptr; }
  /// The value as sent, for structured parameters a handler checks itself; null if absent.
  const boost::json::value* raw(std::string_view name) const { return values_.if_contains(name); }

  ApiResult<std::optional<std::string>> string(std::string_view name, std::size_t max_length) const;
  ApiResult<std::string> required_string(std::string_view name, std::size_t max_length) const;
  /// An integer in [min, max]; `fallback` when absent. Accepts JSON numbers and digit strings.
  ApiResult<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max,
                                  std::int64_t fallback) const;
  /// true/false as a JSON boolean or the strings "true"/"false"; `fallback` when absent.
  ApiResult<bool> boolean(std::string_view name, bool fallback) const;
  /// An object whose values are all strings of at most `max_length` (credentials, settings).
  ApiResult<std::optional<std::map<std::string, std::string>>> string_map(
      std::string_view name, std::size_t max_length) const;

 private:
  boost::json::object values_;
};

}  // namespace cartgate::api
