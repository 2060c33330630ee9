#include "outbound/connect_routes.hpp"

#include <charconv>

#include "util/split_trimmed.hpp"

namespace cartgate::outbound {

namespace {

bool valid_port(std::string_view digits) {
  unsigned port = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return ec == std::errc() && p == digits.data() + digits.size() && port > 0 && port <= 65535;
}

bool plain_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (const char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::optional<ConnectRoutes> ConnectRoutes::parse(std::string_view text) {
  ConnectRoutes routes;
  for (const std::string_view part : util::split_trimmed(text)) {
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view pattern = part.substr(0, eq);
    const std::string_view target = part.substr(eq + 1);
    Entry e;
    if (pattern.starts_with("*.")) {
      e.suffix = true;
      pattern.remove_prefix(1);  // keeps the dot: ".myshopify.com"
      if (!plain_host(pattern.substr(1))) return std::nullopt;
    } else if (!plain_host(pattern)) {
      return std::nullopt;
    }
    e.pattern = std::string(pattern);
    // host:port, the host possibly a bracketed IPv6 literal.
    const auto colon = target.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return std::nullopt;
    std::string_view host = target.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
      host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
      return std::nullopt;
    }
    const auto port = target.substr(colon + 1);
    if (host.empty() || !valid_port(port)) return std::nullopt;
    e.to = Route{std::string(host), std::string(port)};
    routes.entries_.push_back(std::move(e));
  }
  return routes;
}

std::optional<Route> ConnectRoutes::route(std::string_view host) const {
  for (const auto& e : entries_) {
    const bool match =
        e.suffix ? host.size() > e.pattern.size() && host.ends_with(e.pattern) : host == e.pattern;
    if (match) return e.to;
  }
  return std::nullopt;
}

}  // namespace cartgate::outbound
