// The BigCommerce connector: its manifest (bc_manifest.cpp), reads (bc_reads.cpp), writes
// (bc_writes.cpp), webhooks (bc_webhook.cpp) and webhook registration (bc_webhook_admin.cpp)
// on the SDK's connector base.
#include <cartgate/connector_registration.hpp>
#include <cartgate/sdk/platform_connector.hpp>

#include "bc_manifest.hpp"
#include "bc_reads.hpp"
#include "bc_webhook.hpp"
#include "bc_webhook_admin.hpp"
#include "bc_writes.hpp"

namespace cartgate::bc {

class BigCommerceConnector final : public sdk::PlatformConnector {
 public:
  BigCommerceConnector() : PlatformConnector(make_manifest()) {}

  WebhookResult handle_webhook(const WebhookDelivery& delivery) const override {
    return verify_and_parse(delivery);
  }

 private:
  StepOutcome probe(const StepInput& in) const override { return bc::probe(in); }
  StepOutcome read(const StepInput& in) const override { return bc::read(in); }
  StepOutcome webhook_admin(const StepInput& in) const override { return webhook_admin_step(in); }
  StepOutcome write(const StepInput& in) const override { return write_step(in); }
};

// Registration at static initialisation; it cannot fail short of running out of memory.
CARTGATE_REGISTER_CONNECTOR(BigCommerceConnector);  // NOLINT(cert-err58-cpp)

}  // namespace cartgate::bc
