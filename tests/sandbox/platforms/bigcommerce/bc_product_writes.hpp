#pragma once
// BigCommerce v3 Catalog product updates: PUT /v3/catalog/products/{id} with prices,
// visibility, availability and stock, the Products scope that allows it, and the webhooks the
// save fires.

#include <string>

#include "http/message.hpp"
#include "model/store.hpp"
#include "webhooks/dispatcher.hpp"

namespace sandbox::bc {

/// PUT /v3/catalog/products/{id}[?include=variants]. Caller holds the store lock; `base` is
/// the API origin for the webhooks.
cartgate::http::Response update_product(Store& store, const cartgate::http::Request& request,
                                        std::int64_t id, bool with_variants,
                                        const std::string& base, Dispatcher& dispatcher, Time now);

/// PUT /v3/catalog/products/{id}/variants/{variant id}: a variant's prices and stock, the
/// store/sku/* webhooks it fires. Caller holds the store lock.
cartgate::http::Response update_variant(Store& store, const cartgate::http::Request& request,
                                        std::int64_t product_id, std::int64_t variant_id,
                                        Dispatcher& dispatcher, Time now);

}  // namespace sandbox::bc
