#include "api/params.hpp"

#include <charconv>

#include <boost/json/parse.hpp>

#include "util/percent_decode.hpp"

namespace cartgate::api {

namespace json = boost::json;
using http::invalid_parameter;

namespace {

bool is_json_content_type(std::string_view v) {
  const auto semi = v.find(';');
  auto type = v.substr(0, semi);
  while (!type.empty() && type.back() == ' ')
    type.remove_suffix(1);
  return iequals(type, "application/json");
}

}  // namespace

ApiResult<std::map<std::string, std::string>> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = util::percent_decode(pair.substr(0, eq), util::Plus::space);
    auto value = util::percent_decode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), util::Plus::space);
    if (!name || !value) return invalid_parameter("The query string has an invalid %-escape.");
    if (name->empty()) return invalid_parameter("The query string has a parameter without a name.");
    if (!out.emplace(*name, std::move(*value)).second) {
      return invalid_parameter("Parameter '" + *name + "' is given more than once.");
    }
  }
  return out;
}

ApiResult<Params> Params::from_request(const http::Request& request) {
  Params p;
  auto query = parse_query(request.query);
  if (!query) return query.error();
  for (const auto& [k, v] : *query)
    p.values_[k] = v;

  if (request.body.empty()) return p;
  const auto type = request.header("Content-Type");
  if (!type || !is_json_content_type(*type)) {
    return http::unsupported_media_type("A request body must be application/json.");
  }
  json::parse_options options;
  options.max_depth = 16;
  boost::system::error_code ec;
  json::value body = json::parse(request.body, ec, {}, options);
  if (ec) return http::bad_request("malformed_json", "The request body is not valid JSON.");
  if (!body.is_object()) {
    return http::bad_request("malformed_json", "The request body must be a JSON object.");
  }
  for (auto& [k, v] : body.get_object()) {
    if (p.values_.contains(k)) {
      return invalid_parameter("Parameter '" + std::string(k) +
                               "' is given both in the query and in the body.");
    }
    p.values_[k] = std::move(v);
  }
  return p;
}

std::optional<http::Problem> Params::only(std::initializer_list<std::string_view> allowed) const {
  return only(allowed, {});
}

std::optional<http::Problem> Params::only(std::initializer_list<std::string_view> allowed,
                                          std::string_view also) const {
  for (const auto& [k, v] : values_) {
    bool known = !also.empty() && k == also;
    for (auto a : allowed)
      known = known || a == k;
    if (!known) {
      return http::bad_request("unknown_parameter", "Unknown parameter '" + std::string(k) + "'.");
    }
  }
  return std::nullopt;
}

ApiResult<std::optional<std::string>> Params::string(std::string_view name,
                                                     std::size_t max_length) const {
  const json::value* v = values_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    return invalid_parameter("Parameter '" + std::string(name) + "' must be a string.");
  }
  if (v->get_string().size() > max_length) {
    return invalid_parameter("Parameter '" + std::string(name) + "' is longer than " +
                             std::to_string(max_length) + " characters.");
  }
  return std::optional<std::string>(std::string(v->get_string()));
}

ApiResult<std::string> Params::required_string(std::string_view name,
                                               std::size_t max_length) const {
  auto s = string(name, max_length);
  if (!s) return s.error();
  if (!*s || (*s)->empty()) {
    return invalid_parameter("Parameter '" + std::string(name) + "' is required.");
  }
  return std::move(**s);
}

ApiResult<std::int64_t> Params::integer(std::string_view name, std::int64_t min, std::int64_t max,
                                        std::int64_t fallback) const {
  const json::value* v = values_.if_contains(name);
  if (v == nullptr || v->is_null()) return fallback;
  std::int64_t n = 0;
  bool ok = false;
  if (v->is_int64()) {
    n = v->get_int64();
    ok = true;
  } else if (v->is_uint64()) {
    ok = v->get_uint64() <= static_cast<std::uint64_t>(max);
    n = static_cast<std::int64_t>(v->get_uint64());
  } else if (v->is_string()) {
    const auto& s = v->get_string();
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    ok = ec == std::errc() && ptr == s.data() + s.size() && !s.empty();
  }
  if (!ok || n < min || n > max) {
    return invalid_parameter("Parameter '" + std::string(name) + "' must be an integer from " +
                             std::to_string(min) + " to " + std::to_string(max) + ".");
  }
  return n;
}

ApiResult<bool> Params::boolean(std::string_view name, bool fallback) const {
  const json::value* v = values_.if_contains(name);
  if (v == nullptr || v->is_null()) return fallback;
  if (v->is_bool()) return v->get_bool();
  if (v->is_string() && (v->get_string() == "true" || v->get_string() == "false")) {
    return v->get_string() == "true";
  }
  return invalid_parameter("Parameter '" + std::string(name) + "' must be true or false.");
}

ApiResult<std::optional<std::map<std::string, std::string>>> Params::string_map(
    std::string_view name, std::size_t max_length) const {
  using Map = std::map<std::string, std::string>;
  const json::value* v = values_.if_contains(name);
  if (v == nullptr || v->is_null()) return std::optional<Map>{};
  if (!v->is_object()) {
    return invalid_parameter("Parameter '" + std::string(name) + "' must be a JSON object.");
  }
  Map out;
  for (const auto& [k, item] : v->get_object()) {
    if (!item.is_string() || item.get_string().size() > max_length) {
      return invalid_parameter("Parameter '" + std::string(name) + "." + std::string(k) +
                               "' must be a string of at most " + std::to_string(max_length) +
                               " characters.");
    }
    out.emplace(std::string(k), std::string(item.get_string()));
  }
  return std::optional<Map>(std::move(out));
}

}  // namespace cartgate::api
