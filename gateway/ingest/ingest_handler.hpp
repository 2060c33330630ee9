#pragma once
// POST /v1/ingest/<platform>/<store_id>: platform webhooks in. The connector verifies the
// signature (constant time, the store's secret) and parses the body; the changes are enqueued
// durably in Redis before the answer, and enriched and turned into events afterwards
// (ingest_worker.hpp), so the platform gets its 200 within milliseconds.

#include <boost/asio/awaitable.hpp>

#include "config/config.hpp"
#include "connectors/connector_registry.hpp"
#include "http/message.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"
#include "security/cipher.hpp"
#include "store/store_repository.hpp"

namespace cartgate::ingest {

class CatchupRequests;

/// What the webhook endpoint uses: the calling io thread's Redis client and store cache, and
/// the process's connectors, master key and catch-up requests.
struct IngestDeps {
  const Config& config;
  const redis::KeyLayout& keys;
  const ConnectorRegistry& connectors;
  const security::Cipher& cipher;
  redis::Client& redis;
  StoreRepository& stores;
  CatchupRequests& catchups;  // shared by the process's threads
};

const redis::Script& ingest_enqueue_script();
const redis::Script& ingest_admit_script();

boost::asio::awaitable<http::Response> handle_ingest(IngestDeps deps, const http::Request& request);

}  // namespace cartgate::ingest
