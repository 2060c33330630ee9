#pragma once
// event.list | event.info: the tenant's event stream as a pull feed (cursor, filters, optional
// long-poll) and one event with every delivery attempt and every suppression's reason.

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> event_list(CallContext& call);
boost::asio::awaitable<Outcome> event_info(CallContext& call);

}  // namespace cartgate::api
