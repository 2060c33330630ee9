#pragma once
// Batches of one write operation (<operation>.batch, answered 202 with a job) and the jobs'
// progress (job.info, job.list). The operations run in api/job_runner.cpp. docs/writes.md.

#include <boost/asio/awaitable.hpp>

#include "api/call.hpp"

namespace cartgate::api {

boost::asio::awaitable<Outcome> order_update_batch(CallContext& call);
boost::asio::awaitable<Outcome> order_shipment_add_batch(CallContext& call);
boost::asio::awaitable<Outcome> product_update_batch(CallContext& call);
boost::asio::awaitable<Outcome> product_variant_update_batch(CallContext& call);
boost::asio::awaitable<Outcome> customer_update_batch(CallContext& call);
boost::asio::awaitable<Outcome> customer_add_batch(CallContext& call);

/// One job: its progress and each operation's result, in the batch's order.
boost::asio::awaitable<Outcome> job_info(CallContext& call);
/// The tenant's jobs of the last 24 h, newest first.
boost::asio::awaitable<Outcome> job_list(CallContext& call);

}  // namespace cartgate::api
