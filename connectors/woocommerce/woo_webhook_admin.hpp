#pragma once
// webhooks_sync | webhooks_list | webhooks_clear on WooCommerce (REST v3 /webhooks): the
// gateway's subscriptions deliver to the store's ingest URL, signed with the store's
// webhook_secret; WooCommerce disables a webhook after repeated failed deliveries, and sync
// re-enables it.

#include <cartgate/connector.hpp>

namespace cartgate::woo {

StepOutcome webhook_admin_step(const StepInput& in);

}  // namespace cartgate::woo
