#pragma once
// The connectors this gateway can talk to, by platform name: the built-in ones (registered with
// CARTGATE_REGISTER_CONNECTOR) and plugins loaded from the plugin directory. Filled once at
// start, read-only afterwards, shared by all io threads.

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <cartgate/connector.hpp>

namespace cartgate {

class ConnectorRegistry {
 public:
  /// Adds a connector; returns an error message (duplicate name, invalid manifest) or "".
  std::string add(std::unique_ptr<Connector> connector, std::string origin);

  const Connector* find(std::string_view platform) const;
  std::vector<std::string> platforms() const;
  std::size_t size() const { return connectors_.size(); }

 private:
  struct Entry {
    std::unique_ptr<Connector> connector;
    std::string origin;  // "built-in" or the plugin's path
  };
  std::map<std::string, Entry, std::less<>> connectors_;
};

/// Checks what the gateway relies on: name format, page size, credential names.
std::string validate_manifest(const Manifest& m);

/// Registers every built-in connector; returns the first error or "".
std::string register_builtin_connectors(ConnectorRegistry& registry);

}  // namespace cartgate
