#include "connectors/connector_registry.hpp"

#include <algorithm>
#include <set>

#include <cartgate/connector_registration.hpp>

namespace cartgate {

namespace {

bool is_name(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || s.front() < 'a' || s.front() > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::string validate_manifest(const Manifest& m) {
  if (!is_name(m.platform, 32) || m.platform.size() < 2) {
    return "platform name must match [a-z][a-z0-9_]{1,31}";
  }
  if (m.max_page_size < 1 || m.max_page_size > 1000) return "max_page_size must be 1..1000";
  std::set<std::string> seen;
  for (const auto& c : m.credentials) {
    if (!is_name(c.name, 64)) return "credential name '" + c.name + "' must match [a-z][a-z0-9_]*";
    if (!seen.insert(c.name).second) return "credential '" + c.name + "' is declared twice";
  }
  for (const auto& s : m.settings) {
    if (!is_name(s, 64)) return "setting name '" + s + "' must match [a-z][a-z0-9_]*";
  }
  if (m.rate_limit.capacity < 0 || m.rate_limit.refill_per_second < 0 ||
      m.rate_limit.window_ms < 0) {
    return "rate_limit values must not be negative";
  }
  return {};
}

std::string ConnectorRegistry::add(std::unique_ptr<Connector> connector, std::string origin) {
  const Manifest& m = connector->manifest();
  if (auto e = validate_manifest(m); !e.empty()) return origin + ": " + e;
  if (auto it = connectors_.find(m.platform); it != connectors_.end()) {
    return origin + ": platform '" + m.platform + "' is already provided by " + it->second.origin;
  }
  const std::string name = m.platform;
  connectors_.emplace(name, Entry{std::move(connector), std::move(origin)});
  return {};
}

const Connector* ConnectorRegistry::find(std::string_view platform) const {
  auto it = connectors_.find(platform);
  return it == connectors_.end() ? nullptr : it->second.connector.get();
}

std::vector<std::string> ConnectorRegistry::platforms() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : connectors_)
    out.push_back(name);
  return out;
}

std::string register_builtin_connectors(ConnectorRegistry& registry) {
  for (ConnectorFactory factory : builtin_connector_factories()) {
    if (auto e = registry.add(factory(), "built-in"); !e.empty()) return e;
  }
  return {};
}

}  // namespace cartgate
