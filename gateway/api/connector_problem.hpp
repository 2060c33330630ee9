#pragma once
// How a connector's failure reads to the API caller: the store's credentials or the store
// itself failing is not the caller's authentication failing, so those are 502s with codes of
// their own; a throttled store is a 429 with the store's Retry-After.

#include <cartgate/connector.hpp>

#include "http/problem.hpp"

namespace cartgate::api {

http::Problem connector_problem(const ConnectorError& error, std::string_view store_id);

}  // namespace cartgate::api
