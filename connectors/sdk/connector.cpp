#include <cartgate/connector.hpp>
#include <cartgate/connector_registration.hpp>

namespace cartgate {

StepOutcome StepOutcome::need(std::vector<HttpRequest> requests, std::string state) {
  StepOutcome out;
  out.kind = StepKind::requests;
  out.requests = std::move(requests);
  out.state = std::move(state);
  return out;
}

StepOutcome StepOutcome::finished(boost::json::value result) {
  // Move-constructed into place: assigning would copy the whole document out of the arena it
  // was built in, into the default heap.
  return StepOutcome{StepKind::done, {}, {}, std::move(result), {}, {}, {}};
}

StepOutcome StepOutcome::fail(ConnectorErrorKind kind, std::string message,
                              std::optional<int> upstream_status) {
  StepOutcome out;
  out.kind = StepKind::failed;
  out.error.kind = kind;
  out.error.message = std::move(message);
  out.error.upstream_status = upstream_status;
  return out;
}

std::vector<ConnectorFactory>& builtin_connector_factories() {
  static std::vector<ConnectorFactory> factories;
  return factories;
}

}  // namespace cartgate
