#pragma once
// store.add | store.list | store.info | store.update | store.delete

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> store_add(CallContext& call);
boost::asio::awaitable<Outcome> store_list(CallContext& call);
boost::asio::awaitable<Outcome> store_info(CallContext& call);
boost::asio::awaitable<Outcome> store_update(CallContext& call);
boost::asio::awaitable<Outcome> store_delete(CallContext& call);

}  // namespace cartgate::api
