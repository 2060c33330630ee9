#include <cartgate/sdk/platform_connector.hpp>

namespace cartgate::sdk {

StepOutcome PlatformConnector::step(const StepInput& in) const {
  switch (in.call.kind) {
    case CallKind::probe:
      return probe(in);
    case CallKind::read:
      return read(in);
    case CallKind::webhooks_sync:
    case CallKind::webhooks_list:
    case CallKind::webhooks_clear:
      return webhook_admin(in);
    case CallKind::write:
      return write(in);
  }
  return StepOutcome::fail(ConnectorErrorKind::unsupported, "Unknown call.");
}

WebhookResult PlatformConnector::handle_webhook(const WebhookDelivery&) const {
  return WebhookResult{
      WebhookVerdict::rejected, manifest_.display_name + " sends no webhooks to this gateway.", {}};
}

StepOutcome PlatformConnector::webhook_admin(const StepInput&) const {
  return StepOutcome::fail(ConnectorErrorKind::unsupported,
                           manifest_.display_name + " has no webhooks; its changes are polled.");
}

StepOutcome PlatformConnector::write(const StepInput&) const {
  return StepOutcome::fail(ConnectorErrorKind::unsupported,
                           "The " + manifest_.display_name + " connector performs no writes.");
}

}  // namespace cartgate::sdk
