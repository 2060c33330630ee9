#pragma once
// Exports a C++ Connector through the plugin C ABI. In the plugin's one source file:
//
//   #include <cartgate/plugin_export.hpp>
//   class AcmeConnector final : public cartgate::Connector { ... };
//   CARTGATE_EXPORT_PLUGIN(AcmeConnector)
//
// and build it as a shared library (CMake: add_library(acme MODULE ...) linked to
// cartgate::sdk, with -fvisibility=hidden so that only the entry point is exported).

#include <cartgate/connector.hpp>
#include <cartgate/plugin_abi.h>

namespace cartgate::abi {

/// The C function table serving `connector`, which must live as long as the plugin is loaded.
/// A plugin exports exactly one connector. Exceptions never cross the table: they become
/// CARTGATE_PLUGIN_FAILED with a message.
const cartgate_plugin_v1* export_connector(const Connector& connector) noexcept;

}  // namespace cartgate::abi

#define CARTGATE_EXPORT_PLUGIN(ConnectorClass)                                \
  extern "C" __attribute__((visibility("default"))) const cartgate_plugin_v1* \
  cartgate_plugin_entry_v1(void) {                                            \
    static const ConnectorClass cartgate_exported_connector;                  \
    return ::cartgate::abi::export_connector(cartgate_exported_connector);    \
  }
