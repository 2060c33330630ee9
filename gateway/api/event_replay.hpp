#pragma once
// event.replay: re-delivers events to one subscription (one event, a time range, or the
// subscription's dead letters) under their own webhook-ids, through its ordinary queue.

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> event_replay(CallContext& call);

}  // namespace cartgate::api
