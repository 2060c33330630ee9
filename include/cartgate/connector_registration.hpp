#pragma once
// Registration of connectors compiled into the gateway. In the connector's source file, inside
// its namespace:
//
//   CARTGATE_REGISTER_CONNECTOR(ShopifyConnector);
//
// Link built-in connectors as CMake OBJECT libraries (or whole-archive): a registration object
// in a static archive that nothing references is dropped by the linker.

#include <memory>
#include <vector>

#include <cartgate/connector.hpp>

namespace cartgate {

using ConnectorFactory = std::unique_ptr<Connector> (*)();

/// Factories of the built-in connectors, in static-initialisation order. The gateway's
/// registry instantiates them once at start and rejects duplicate platform names.
std::vector<ConnectorFactory>& builtin_connector_factories();

struct ConnectorRegistration {
  // noexcept: running out of memory during static initialisation cannot be handled anyway.
  explicit ConnectorRegistration(ConnectorFactory factory) noexcept {
    builtin_connector_factories().push_back(factory);
  }
};

}  // namespace cartgate

#define CARTGATE_REGISTER_CONNECTOR(ConnectorClass)                                               \
  static const ::cartgate::ConnectorRegistration cartgate_registration_##ConnectorClass {         \
    []() -> std::unique_ptr<::cartgate::Connector> { return std::make_unique<ConnectorClass>(); } \
  }
