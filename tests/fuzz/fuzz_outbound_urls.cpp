// Untrusted: the URLs a tenant gives store.add/store.update (with the platform's store
// reference) and webhook.create, and the operator's address allowlist and connect routes,
// parsed by the same code.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include "events/subscriber_url.hpp"
#include "outbound/address_policy.hpp"
#include "outbound/connect_routes.hpp"
#include "store/store_url.hpp"
#include "util/host_spelling.hpp"

namespace {

using cartgate::StoreAddressRule;

void check_subscriber(std::string_view input, bool allow_http) {
  auto checked = cartgate::events::check_subscriber_url(input, allow_http);
  const auto* url = std::get_if<std::string>(&checked);
  if (url == nullptr) return;
  // Whatever passes is an absolute URL with a host, https unless development allows http.
  auto parsed = boost::urls::parse_absolute_uri(*url);
  if (!parsed || parsed->host().empty() || parsed->has_userinfo()) __builtin_trap();
  if (!allow_http && parsed->scheme() != "https") __builtin_trap();
}

void check_store(const StoreAddressRule& rule, std::string_view input, bool allow_http) {
  for (const bool as_ref : {false, true}) {
    std::optional<std::string> url, ref;
    (as_ref ? ref : url) = std::string(input);
    auto out = cartgate::normalize_store_url(rule, url, ref, allow_http);
    const auto* text = std::get_if<std::string>(&out);
    if (text == nullptr) continue;
    auto parsed = boost::urls::parse_absolute_uri(*text);
    if (!parsed || parsed->host().empty() || parsed->has_userinfo() || parsed->has_query() ||
        parsed->has_fragment()) {
      __builtin_trap();
    }
    // A platform with its own API origin never gets any other host.
    if (rule.url_template == "https://{ref}.myshopify.com" &&
        (!parsed->host().ends_with(".myshopify.com") || parsed->scheme() != "https" ||
         parsed->has_port() || !parsed->encoded_path().empty())) {
      __builtin_trap();
    }
    if (parsed->scheme() == "http" && !(allow_http && rule.plain_http)) __builtin_trap();
    if (parsed->host_type() == boost::urls::host_type::name &&
        cartgate::util::is_numeric_host_spelling(parsed->encoded_host())) {
      __builtin_trap();
    }
    if (!cartgate::url_host_port(*text)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_subscriber(input, false);
  check_subscriber(input, true);
  static const StoreAddressRule kShopify{"https://{ref}.myshopify.com", "shop", ".myshopify.com",
                                         false};
  static const StoreAddressRule kBigCommerce{"https://api.bigcommerce.com/stores/{ref}",
                                             "store_hash", "", false};
  static const StoreAddressRule kOwnSite{"", "", "", true};
  for (const auto* rule : {&kShopify, &kBigCommerce, &kOwnSite}) {
    check_store(*rule, input, false);
    check_store(*rule, input, true);
  }
  (void)cartgate::util::is_numeric_host_spelling(input);
  // The operator's texts, parsed by the same code.
  if (auto policy = cartgate::outbound::AddressPolicy::parse(input)) {
    (void)policy->allowed(boost::asio::ip::make_address("127.0.0.1"));
    (void)policy->allowed(boost::asio::ip::make_address("::1"));
  }
  if (auto routes = cartgate::outbound::ConnectRoutes::parse(input)) {
    (void)routes->route("acme.myshopify.com");
  }
  return 0;
}
