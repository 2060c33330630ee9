#pragma once
// Magento 2 product writes over REST: PUT products/<sku> (ProductRepositoryInterface::save)
// and the price API's POST products/special-price-delete (SpecialPriceStorageInterface::delete).

#include <optional>
#include <string>

#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

/// PUT products/<sku> or POST products/special-price-delete (`path` without "V1/"); nullopt
/// for other routes. Caller holds the store lock and has authenticated the request.
std::optional<cartgate::http::Response> product_write(Store& store,
                                                      const cartgate::http::Request& request,
                                                      const std::string& path, Time now);

}  // namespace sandbox::mage
