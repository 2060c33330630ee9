#pragma once
// Runs one validated write against its store, exactly once per Idempotency-Key: the store's
// checks, the key's claim (replay, conflict, reconcile), the connector call and the marks that
// let the change come back as an api event. Shared by the write API's handlers and batch jobs.

#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/json/storage_ptr.hpp>

#include "api/call.hpp"
#include "api/write_requests.hpp"
#include "outbound/outbound_limiter.hpp"

namespace cartgate::api {

/// Who asks for a write and how it is sent.
struct WriteOrigin {
  Services& services;
  const std::string& tenant;
  std::string request_id;                      // logged, and marked on the change's event
  std::optional<std::string> idempotency_key;  // validated (read_idempotency_key)
  boost::json::storage_ptr arena;              // the store's answer is parsed into it
  outbound::Lane lane = outbound::Lane::live;
};

/// The write's answer: 200 {"data": the entity as written}, a replay of an earlier answer for
/// the same key, or a problem (docs/writes.md, "Errors").
boost::asio::awaitable<Outcome> run_write(WriteOrigin origin, WriteRequest request);

}  // namespace cartgate::api
