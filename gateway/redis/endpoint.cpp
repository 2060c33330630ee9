#include "redis/endpoint.hpp"

#include <charconv>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace cartgate::redis {

namespace {
boost::system::error_code invalid() {
  return std::make_error_code(std::errc::invalid_argument);
}

bool parse_db(std::string_view text, int& db) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), db);
  return ec == std::errc() && ptr == text.data() + text.size() && db >= 0 && db < 16384;
}
}  // namespace

std::string Endpoint::describe() const {
  if (!unix_path.empty()) return "unix:" + unix_path;
  return host + ":" + std::to_string(port);
}

boost::system::result<Endpoint> parse_endpoint(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(text);
  if (!parsed) return parsed.error();
  const boost::urls::url_view& url = *parsed;
  Endpoint ep;
  if (url.scheme() == "unix") {
    ep.unix_path = url.path();
    if (ep.unix_path.empty()) return invalid();
    for (auto param : url.params()) {
      if (param.key == "db" && !parse_db(param.value, ep.db)) return invalid();
    }
    return ep;
  }
  if (url.scheme() != "redis") return invalid();
  if (!url.host().empty()) ep.host = url.host_address();
  if (url.has_port()) {
    if (url.port_number() == 0) return invalid();
    ep.port = url.port_number();
  }
  if (url.has_userinfo()) {
    ep.username = url.user();
    ep.password = url.password();
  }
  std::string_view path = url.encoded_path();
  if (!path.empty() && path != "/") {
    if (!parse_db(path.substr(1), ep.db)) return invalid();
  }
  return ep;
}

}  // namespace cartgate::redis
