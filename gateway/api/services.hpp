#pragma once
// What API handlers may use, built for each io thread by the composition root (app/). Shared
// parts are read-only after start; the Redis client and what wraps it belong to the handler's
// own io thread.

#include <atomic>

#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "connectors/connector_registry.hpp"
#include "events/event_writer.hpp"
#include "ingest/ingest_handler.hpp"
#include "outbound/destination.hpp"
#include "outbound/http_client.hpp"
#include "outbound/outbound_limiter.hpp"
#include "outbound/store_call.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "security/cipher.hpp"
#include "security/cursor_codec.hpp"
#include "store/store_repository.hpp"

namespace cartgate::api {

struct Services {
  const Config& config;
  const redis::KeyLayout& keys;
  const ConnectorRegistry& connectors;
  const security::Cipher& cipher;
  const security::CursorCodec& cursors;
  const std::atomic<bool>& draining;
  const outbound::DestinationRules& destinations;
  redis::Client& redis;
  auth::Authenticator& authenticator;
  StoreRepository& stores;
  outbound::HttpClient& http;
  outbound::OutboundLimiter& outbound_limiter;
  events::EventWriter& events;
  ingest::CatchupRequests& catchups;  // shared by the process's threads

  // The narrower views the layers below take: what a store call and the webhook endpoint use.
  outbound::StoreCallDeps store_calls() const {
    return {config, connectors, cipher, http, outbound_limiter};
  }
  ingest::IngestDeps ingest() const {
    return {config, keys, connectors, cipher, redis, stores, catchups};
  }
};

}  // namespace cartgate::api
