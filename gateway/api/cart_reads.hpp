#pragma once
// cart.list and cart.info where the platform cannot answer them itself, from the cart index
// the event pipeline keeps (events/cart_index.hpp):
//  - BigCommerce has no cart listing: cart.list reads the index (carts seen through
//    store/cart/* webhooks, kept 30 days after their last change, like BigCommerce's own);
//  - a cart the platform no longer returns or never could (BigCommerce after checkout,
//    Shopify carts by token) is answered by cart.info from its last indexed snapshot.

#include <optional>
#include <variant>

#include <boost/json/value.hpp>

#include "api/call.hpp"
#include "api/store_reads.hpp"

namespace cartgate::api {

/// True when the platform has no cart listing but tells of carts by webhook.
bool lists_carts_from_index(const Manifest& manifest);

/// A list page from the index, shaped like a connector's list result.
boost::asio::awaitable<std::variant<boost::json::value, http::Problem>> list_indexed_carts(
    CallContext& call, const StoreTarget& target, const ReadQuery& query);

/// {"item": snapshot} for a cart the index holds, else nullopt.
boost::asio::awaitable<std::optional<boost::json::value>> indexed_cart(CallContext& call,
                                                                       const StoreTarget& target,
                                                                       const std::string& cart_id);

}  // namespace cartgate::api
