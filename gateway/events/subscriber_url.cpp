#include "events/subscriber_url.hpp"

#include <boost/url/parse.hpp>

namespace cartgate::events {

std::variant<std::string, UrlRejected> check_subscriber_url(std::string_view text,
                                                            bool allow_http) {
  auto url = boost::urls::parse_absolute_uri(text);
  if (!url || url->host().empty() || url->has_userinfo() || url->has_fragment() ||
      !(url->scheme() == "https" || (allow_http && url->scheme() == "http"))) {
    return UrlRejected{
        "Parameter 'url' must be an absolute https URL without credentials or fragment."};
  }
  return std::string(url->buffer());
}

}  // namespace cartgate::events
