#pragma once
// product.update on Shopify: the status (productUpdate), the prices of a product without
// options (productVariantsBulkUpdate on its one variant) and its stock at the location it is
// stocked at (inventorySetQuantities); product.variant.update: one variant's prices and stock.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// One step of a product.update write; in.state is empty on the first.
StepOutcome product_update_step(const StepInput& in);
/// One step of a product.variant.update write.
StepOutcome product_variant_update_step(const StepInput& in);

}  // namespace cartgate::shop
