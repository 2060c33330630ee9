#pragma once
// What the BigCommerce connector declares: credentials, entities and their filters, events
// and how each arrives, the rate limit model and where stores live.

#include <cartgate/connector.hpp>

namespace cartgate::bc {

Manifest make_manifest();

}  // namespace cartgate::bc
