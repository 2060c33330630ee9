#pragma once
// The skeleton every connector shares, written once: the manifest built at construction, the
// step switch by call kind, and the answers of a platform without webhooks. A connector (built
// in or a plugin) derives, hands over its manifest, and writes the steps its platform has:
//
//   class AcmeConnector final : public sdk::PlatformConnector {
//    public:
//     AcmeConnector() : PlatformConnector(make_manifest()) {}
//    private:
//     StepOutcome probe(const StepInput& in) const override;
//     StepOutcome read(const StepInput& in) const override;
//   };
//   CARTGATE_REGISTER_CONNECTOR(AcmeConnector);  // or CARTGATE_EXPORT_CONNECTOR in a plugin

#include <cartgate/connector.hpp>

namespace cartgate::sdk {

class PlatformConnector : public Connector {
 public:
  const Manifest& manifest() const final { return manifest_; }
  /// probe → probe(); read → read(); webhooks_sync/list/clear → webhook_admin(); write → write().
  StepOutcome step(const StepInput& in) const final;
  /// Unless overridden: the platform sends no webhooks, so every delivery is rejected.
  WebhookResult handle_webhook(const WebhookDelivery& delivery) const override;

 protected:
  explicit PlatformConnector(Manifest manifest) : manifest_(std::move(manifest)) {}

  /// Can the store be reached with its credentials (store.add, credential changes)?
  virtual StepOutcome probe(const StepInput& in) const = 0;
  /// A read, every step of it (in.state is empty on the first).
  virtual StepOutcome read(const StepInput& in) const = 0;
  /// Registering, listing and removing the platform's webhooks. Unless overridden:
  /// unsupported, the platform's changes are polled.
  virtual StepOutcome webhook_admin(const StepInput& in) const;
  /// A write the manifest declares (Call::params says which). Unless overridden: unsupported.
  virtual StepOutcome write(const StepInput& in) const;

 private:
  Manifest manifest_;
};

}  // namespace cartgate::sdk
