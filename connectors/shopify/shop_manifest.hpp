#pragma once
// What the Shopify connector declares: credentials, entities and their filters, events
// and how each arrives, the rate limit model and where stores live.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

Manifest make_manifest();

}  // namespace cartgate::shop
