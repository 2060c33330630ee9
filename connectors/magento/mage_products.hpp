#pragma once
// product.update on Magento 2: the price and a special price (a sale), status and visibility,
// and the stock item of a simple product, at the global scope.

#include <cartgate/connector.hpp>

namespace cartgate::mage {

/// One step of a product.update write; in.state is empty on the first.
StepOutcome product_update_step(const StepInput& in);

}  // namespace cartgate::mage
