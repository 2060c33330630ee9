#pragma once
// One io thread's share of the gateway, built by the composition root: its Redis connection,
// the repositories and clients over it, the API services that bundle them, and the router that
// serves the connections the thread accepts. What is built here belongs to that thread alone
// (the request path takes no locks); the shared parts are the process's, read-only once
// started (the store cache and the catch-up requests lock inside).

#include <atomic>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "api/router.hpp"
#include "api/services.hpp"  // and through it each part an io thread builds
#include "store/recent_stores.hpp"

namespace cartgate::app {

struct SharedParts {
  const Config& config;
  const redis::KeyLayout& keys;
  const ConnectorRegistry& connectors;
  const security::Cipher& cipher;
  const security::CursorCodec& cursors;
  const std::atomic<bool>& draining;
  const outbound::DestinationRules& destinations;
  ingest::CatchupRequests& catchups;
  RecentStores& recent_stores;
  boost::asio::ssl::context& outbound_tls;
  const outbound::ClientOptions& outbound_options;
  const redis::ClientOptions& redis_options;
};

struct IoThread {
  std::shared_ptr<redis::Client> redis;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<StoreRepository> stores;
  std::unique_ptr<outbound::HttpClient> http;
  std::unique_ptr<outbound::OutboundLimiter> limiter;
  std::unique_ptr<events::EventWriter> events;
  std::unique_ptr<api::Services> services;
  std::unique_ptr<api::Router> router;
};

/// Every Lua script the gateway runs, the background workers' included: each Redis connection
/// loads them all when it connects.
const std::vector<const redis::Script*>& gateway_scripts();

/// The parts of the io thread that `executor` runs; its Redis client starts on that thread.
IoThread build_io_thread(const SharedParts& shared, const boost::asio::any_io_executor& executor);

}  // namespace cartgate::app
