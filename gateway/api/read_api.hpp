#pragma once
// The unified read API: <entity>.list | .info | .count for orders, customers, products and
// carts, over one store, a comma list of stores or all of the tenant's (fanned out
// concurrently, merged by creation time, paged with one composite cursor; a failing store
// yields a partial answer with its error, not a failed call).

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> order_list(CallContext& call);
boost::asio::awaitable<Outcome> order_info(CallContext& call);
boost::asio::awaitable<Outcome> order_count(CallContext& call);
boost::asio::awaitable<Outcome> customer_list(CallContext& call);
boost::asio::awaitable<Outcome> customer_info(CallContext& call);
boost::asio::awaitable<Outcome> customer_count(CallContext& call);
boost::asio::awaitable<Outcome> product_list(CallContext& call);
boost::asio::awaitable<Outcome> product_info(CallContext& call);
boost::asio::awaitable<Outcome> product_count(CallContext& call);
boost::asio::awaitable<Outcome> cart_list(CallContext& call);
boost::asio::awaitable<Outcome> cart_info(CallContext& call);

}  // namespace cartgate::api
