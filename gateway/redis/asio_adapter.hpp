#pragma once
// Drives a hiredis async context from an Asio executor, the way hiredis' own adapters
// (adapters/libuv.h, ...) drive it from other event loops: hiredis asks for read/write
// interest through its `ev` hooks; we wait for readiness on the socket and call back.

#include <boost/asio/any_io_executor.hpp>

struct redisAsyncContext;

namespace cartgate::redis {

/// Attaches `ac` to `executor`. The adapter frees itself when hiredis calls the cleanup hook
/// (when the context is freed). Must run on the executor's thread.
void attach_asio(redisAsyncContext* ac, const boost::asio::any_io_executor& executor);

}  // namespace cartgate::redis
