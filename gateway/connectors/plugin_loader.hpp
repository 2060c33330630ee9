#pragma once
// Loads connector plugins: shared libraries exporting `cartgate_plugin_entry_v1` (see
// <cartgate/plugin_abi.h>). A plugin that cannot be loaded stops the start with a message:
// silently running without a configured connector would turn into confusing 400s later.

#include <memory>
#include <string>

#include <cartgate/connector.hpp>

#include "connectors/connector_registry.hpp"

namespace cartgate {

/// Opens one plugin file and wraps it as a Connector. On failure returns null and sets `error`.
std::unique_ptr<Connector> load_plugin(const std::string& path, std::string& error);

/// Loads every `*.so` in `dir` (sorted by name) into `registry`; returns the first error or "".
std::string load_plugin_dir(const std::string& dir, ConnectorRegistry& registry);

}  // namespace cartgate
