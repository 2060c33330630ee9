#include "store/store_url.hpp"

#include <algorithm>

#include <boost/url/parse.hpp>

#include "util/ascii_lower.hpp"
#include "util/host_spelling.hpp"

namespace cartgate {

namespace {

constexpr std::string_view kRef = "{ref}";

// One DNS label: what both a Shopify shop name and a BigCommerce store hash fit in.
bool is_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

StoreUrlRejected invalid(std::string detail) {
  return {"invalid_parameter", std::move(detail)};
}

std::string platform_form(const StoreAddressRule& rule) {
  std::string form = rule.url_template;
  form.replace(form.find(kRef), kRef.size(), "<" + rule.ref_name + ">");
  return form;
}

// The template's URL for `ref`, or why `ref` cannot be one.
std::variant<std::string, StoreUrlRejected> from_ref(const StoreAddressRule& rule,
                                                     std::string_view text) {
  std::string ref = util::ascii_lower(text);
  if (!rule.ref_suffix.empty() && ref.ends_with(rule.ref_suffix)) {
    ref.resize(ref.size() - rule.ref_suffix.size());
  }
  if (!is_label(ref)) {
    return invalid("Parameter '" + rule.ref_name +
                   "' must be letters, digits and hyphens (e.g. 'acme" + rule.ref_suffix + "').");
  }
  std::string url = rule.url_template;
  url.replace(url.find(kRef), kRef.size(), ref);
  return url;
}

}  // namespace

std::variant<std::string, StoreUrlRejected> normalize_store_url(
    const StoreAddressRule& rule, const std::optional<std::string>& url_text,
    const std::optional<std::string>& ref, bool allow_http) {
  const bool platform_host = rule.url_template.find(kRef) != std::string::npos;
  if (platform_host && ref) {
    if (url_text) {
      return invalid("Give either 'url' or '" + rule.ref_name + "', not both.");
    }
    return from_ref(rule, *ref);
  }
  if (!url_text) {
    return invalid(platform_host ? "Parameter '" + rule.ref_name + "' (or 'url') is required."
                                 : std::string("Parameter 'url' is required."));
  }
  auto url = boost::urls::parse_absolute_uri(*url_text);
  if (!url || url->host().empty() || url->has_userinfo() || url->has_query() ||
      url->has_fragment() || (url->scheme() != "https" && url->scheme() != "http") ||
      url->encoded_host().find('%') != std::string_view::npos) {
    return invalid(
        "Parameter 'url' must be an absolute http(s) URL without credentials, query or "
        "fragment, e.g. https://shop.example.com.");
  }
  const std::string scheme = util::ascii_lower(url->scheme());
  const std::string host = util::ascii_lower(url->encoded_host());
  if (url->host_type() == boost::urls::host_type::name && util::is_numeric_host_spelling(host)) {
    return StoreUrlRejected{"address_forbidden",
                            "The host '" + host +
                                "' is a number spelled as a name; give a host name or a "
                                "dotted-quad address."};
  }
  std::string out = scheme + "://" + host;
  if (url->has_port()) out += ":" + std::string(url->port());
  out += std::string(url->encoded_path());
  while (out.size() > scheme.size() + 3 && out.back() == '/')
    out.pop_back();

  if (platform_host) {
    // Only the platform's own origin, exactly: a token sent anywhere else would leave it.
    const std::string& t = rule.url_template;
    const auto at = t.find(kRef);
    const std::string_view before(t.data(), at);
    const std::string_view after(t.data() + at + kRef.size(), t.size() - at - kRef.size());
    const std::string_view o(out);
    if (o.size() > before.size() + after.size() && o.starts_with(before) && o.ends_with(after) &&
        is_label(o.substr(before.size(), o.size() - before.size() - after.size()))) {
      return out;
    }
    return StoreUrlRejected{"store_url_rejected", "Stores of this platform live at " +
                                                      platform_form(rule) + "; pass '" +
                                                      rule.ref_name + "' or that URL."};
  }
  if (scheme == "http") {
    if (!rule.plain_http) {
      return StoreUrlRejected{"store_url_rejected",
                              "This platform's credentials need https://; plain http:// would "
                              "send them in clear text."};
    }
    if (!allow_http) {
      return StoreUrlRejected{"store_url_rejected",
                              "This gateway accepts https:// store URLs only (the operator has "
                              "not enabled outbound.allow_http)."};
    }
  }
  return out;
}

std::optional<HostPort> url_host_port(std::string_view text) {
  auto url = boost::urls::parse_absolute_uri(text);
  if (!url || url->host().empty()) return std::nullopt;
  HostPort hp{std::string(url->host_address()), std::string(url->port())};
  if (hp.port.empty()) hp.port = url->scheme() == "https" ? "443" : "80";
  return hp;
}

}  // namespace cartgate
