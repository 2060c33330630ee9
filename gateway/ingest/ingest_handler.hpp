#pragma once
// POST /v1/ingest/<platform>/<store_id>: platform webhooks in. The connector verifies the
// signature (constant time, the store's secret) and parses the body; the changes are enqueued
// durably in Redis before the answer, and enriched and turned into events afterwards
// (ingest_worker.hpp), so the platform gets its 200 within milliseconds.

#include <boost/asio/awaitable.hpp>

#include "api/services.hpp"
#include "http/message.hpp"
#include "redis/script.hpp"

namespace cartgate::ingest {

const redis::Script& ingest_enqueue_script();
const redis::Script& ingest_admit_script();

boost::asio::awaitable<http::Response> handle_ingest(api::Services& services,
                                                     const http::Request& request);

}  // namespace cartgate::ingest
