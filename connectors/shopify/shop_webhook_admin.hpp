#pragma once
// Shopify webhook subscriptions over GraphQL (webhookSubscriptions, webhookSubscriptionCreate,
// webhookSubscriptionDelete): the webhooks_sync, webhooks_list and webhooks_clear steps.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

StepOutcome webhook_admin_step(const StepInput& in);

}  // namespace cartgate::shop
