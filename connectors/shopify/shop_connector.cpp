// The Shopify connector: its manifest (shop_manifest.cpp), reads (shop_reads.cpp), writes
// (shop_writes.cpp), webhooks (shop_webhook.cpp) and webhook registration
// (shop_webhook_admin.cpp) on the SDK's connector base.
#include <cartgate/connector_registration.hpp>
#include <cartgate/sdk/platform_connector.hpp>

#include "shop_manifest.hpp"
#include "shop_reads.hpp"
#include "shop_webhook.hpp"
#include "shop_webhook_admin.hpp"
#include "shop_writes.hpp"

namespace cartgate::shop {

class ShopifyConnector final : public sdk::PlatformConnector {
 public:
  ShopifyConnector() : PlatformConnector(make_manifest()) {}

  WebhookResult handle_webhook(const WebhookDelivery& delivery) const override {
    return verify_and_parse(delivery);
  }

 private:
  StepOutcome probe(const StepInput& in) const override { return shop::probe(in); }
  StepOutcome read(const StepInput& in) const override {
    if (in.call.read.entity == Entity::cart && in.call.read.verb == ReadVerb::list &&
        in.call.read.filters.count("abandoned") != 0 &&
        in.call.read.filters.at("abandoned") == "false") {
      return StepOutcome::fail(ConnectorErrorKind::unsupported,
                               "Shopify lists only abandoned checkouts; live carts are known "
                               "from carts/* webhooks.");
    }
    return in.state.empty() ? start_read(in) : continue_read(in);
  }
  StepOutcome webhook_admin(const StepInput& in) const override { return webhook_admin_step(in); }
  StepOutcome write(const StepInput& in) const override { return write_step(in); }
};

// Registration at static initialisation; it cannot fail short of running out of memory.
CARTGATE_REGISTER_CONNECTOR(ShopifyConnector);  // NOLINT(cert-err58-cpp)

}  // namespace cartgate::shop
