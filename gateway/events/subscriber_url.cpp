#include "events/subscriber_url.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "outbound/address_policy.hpp"

namespace cartgate::events {

std::variant<std::string, UrlRejected> check_subscriber_url(std::string_view text,
                                                            std::string_view allowlist) {
  auto url = boost::urls::parse_absolute_uri(text);
  const bool dev = !allowlist.empty();
  if (!url || url->host().empty() || url->has_userinfo() || url->has_fragment() ||
      !(url->scheme() == "https" || (dev && url->scheme() == "http"))) {
    return UrlRejected{
        "Parameter 'url' must be an absolute https URL without credentials or fragment."};
  }
  std::string host(url->host_address());
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  boost::system::error_code ec;
  const auto literal = boost::asio::ip::make_address(host, ec);
  if (!ec) {
    auto policy = outbound::AddressPolicy::parse(allowlist);
    if (!policy || !policy->allowed(literal)) {
      return UrlRejected{
          "Parameter 'url' points to a loopback, private, link-local or reserved address."};
    }
  }
  return std::string(url->buffer());
}

}  // namespace cartgate::events
