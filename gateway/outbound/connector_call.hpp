#pragma once
// Drives one connector call to its end: asks the connector for requests, performs them
// concurrently through the HTTP client, feeds the answers back, until the connector is done
// or has failed. The connector stays pure; the clock, the nonces, the sockets and the
// deadline are this loop's.

#include <string>
#include <variant>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

#include "outbound/http_client.hpp"

namespace cartgate::outbound {

using CallResult = std::variant<boost::json::value, ConnectorError>;

struct CallSetup {
  const Connector& connector;
  const StoreContext& store;
  HttpClient& http;
  Clock::time_point deadline;
  std::string callback_url;  // webhook calls only
};

boost::asio::awaitable<CallResult> run_connector_call(const CallSetup& setup, const Call& call);

}  // namespace cartgate::outbound
