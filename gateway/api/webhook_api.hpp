#pragma once
// webhook.create | webhook.list | webhook.delete | webhook.resume | webhook.events: subscriber
// registrations, one per URL for any stores and event types, on every platform at once.

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> webhook_create(CallContext& call);
boost::asio::awaitable<Outcome> webhook_list(CallContext& call);
boost::asio::awaitable<Outcome> webhook_delete(CallContext& call);
/// Reactivates a subscription paused after repeated failures; its queued events follow.
boost::asio::awaitable<Outcome> webhook_resume(CallContext& call);
boost::asio::awaitable<Outcome> webhook_events(CallContext& call);

}  // namespace cartgate::api
