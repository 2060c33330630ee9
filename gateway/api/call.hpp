#pragma once
// The shape of one /v1/<entity>.<verb> handler.

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "api/params.hpp"
#include "api/services.hpp"
#include "http/message.hpp"
#include "http/problem.hpp"

namespace cartgate::api {

struct CallContext {
  const http::Request& request;
  const std::string& tenant;
  const Params& params;
  Services& services;
  // The request's JSON arena: store answers are parsed into it and the answer is built in it,
  // so a page of records is never refcounted or freed node by node. It outlives the Outcome.
  // Not thread-safe: only the request's own io thread (one per io_context) touches it.
  boost::json::storage_ptr arena;
  // The longest one store's call may wait for its outbound budget or its platform's throttle
  // before it is answered rate_limited instead: set for reads of several stores, where one
  // throttled store must not hold up the others' answer. Unset: the call's deadline.
  std::optional<std::chrono::milliseconds> store_wait_limit = std::nullopt;
};

struct Success {
  int status = 200;
  boost::json::value body;  // {"data": ...} (and "pagination" for lists)
  // When not empty, the body as JSON text, written without a document (list answers), and
  // `body` is unused.
  std::string text{};
  // Headers of this answer alone (Idempotent-Replayed), set after the common ones.
  std::vector<std::pair<std::string, std::string>> headers{};
};

using Outcome = std::variant<Success, http::Problem>;
using Handler = boost::asio::awaitable<Outcome> (*)(CallContext&);

/// 503 for a Redis failure on the request path (logged with the request id).
http::Problem storage_unavailable(std::string_view request_id, const boost::system::error_code& ec);
http::Problem storage_unavailable(const CallContext& call, const boost::system::error_code& ec);

}  // namespace cartgate::api
