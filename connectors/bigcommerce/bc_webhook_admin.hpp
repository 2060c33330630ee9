#pragma once
// webhooks_sync | webhooks_list | webhooks_clear on BigCommerce (/v3/hooks). Every hook the
// gateway creates carries a store token header (`X-Cartgate-Store-Token`) derived from the
// app's client secret and the store id: the Standard Webhooks signature proves a delivery
// comes from the app, the token proves it was meant for this store (one app's secret signs for
// all its stores). BigCommerce deactivates hooks (failures, 90 days idle); sync reactivates.

#include <string>

#include <cartgate/connector.hpp>

namespace cartgate::bc {

inline constexpr const char* kStoreTokenHeader = "X-Cartgate-Store-Token";

/// The token the gateway's hooks for this store carry ("" without a client secret).
std::string store_token(const StoreContext& store);

StepOutcome webhook_admin_step(const StepInput& in);

}  // namespace cartgate::bc
