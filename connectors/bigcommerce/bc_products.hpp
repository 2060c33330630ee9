#pragma once
// product.update on BigCommerce: prices (price and sale_price), visibility and availability,
// and stock of a product through the v3 Catalog API (PUT /v3/catalog/products/{id});
// product.variant.update: a variant's prices and stock (PUT .../products/{id}/variants/{id}).

#include <cartgate/connector.hpp>

namespace cartgate::bc {

/// One step of a product.update write; in.state is empty on the first.
StepOutcome product_update_step(const StepInput& in);
/// One step of a product.variant.update write.
StepOutcome product_variant_update_step(const StepInput& in);

}  // namespace cartgate::bc
