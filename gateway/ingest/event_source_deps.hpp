#pragma once
// What turns a store's records into events takes, all of the io thread it runs on: Redis, the
// store cache, the event writer, and store calls for its reads. The inbox worker (read-backs of
// webhook changes), the poller and the cart watch (sync/) each hold one.

#include "config/config.hpp"
#include "connectors/connector_registry.hpp"
#include "events/event_writer.hpp"
#include "outbound/store_call.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "store/store_repository.hpp"

namespace cartgate::ingest {

struct EventSourceDeps {
  const Config& config;
  const redis::KeyLayout& keys;
  const ConnectorRegistry& connectors;
  redis::Client& redis;
  StoreRepository& stores;
  events::EventWriter& events;
  outbound::StoreCallDeps store_calls;
};

}  // namespace cartgate::ingest
