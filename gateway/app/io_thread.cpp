#include "app/io_thread.hpp"

#include <boost/asio/post.hpp>

#include "api/idempotency.hpp"
#include "app/background.hpp"
#include "ingest/ingest_handler.hpp"
#include "store/store_url.hpp"

namespace cartgate::app {

const std::vector<const redis::Script*>& gateway_scripts() {
  static const std::vector<const redis::Script*> scripts = [] {
    std::vector<const redis::Script*> all{&auth::authenticate_and_admit_script(),
                                          &store_insert_script(),
                                          &store_update_script(),
                                          &outbound::outbound_acquire_script(),
                                          &outbound::outbound_observe_script(),
                                          &ingest::ingest_enqueue_script(),
                                          &ingest::ingest_admit_script(),
                                          &api::idempotency_claim_script(),
                                          &api::idempotency_settle_script()};
    for (const auto* script : background_scripts())
      all.push_back(script);
    return all;
  }();
  return scripts;
}

IoThread build_io_thread(const SharedParts& shared, const boost::asio::any_io_executor& executor) {
  IoThread t;
  t.redis = redis::Client::create(executor, shared.redis_options, gateway_scripts());
  t.authenticator =
      std::make_unique<auth::Authenticator>(*t.redis, shared.keys, shared.config.ratelimit);
  t.stores = std::make_unique<StoreRepository>(*t.redis, shared.keys, &shared.recent_stores);
  t.limiter = std::make_unique<outbound::OutboundLimiter>(*t.redis, shared.keys);
  t.http = std::make_unique<outbound::HttpClient>(executor, shared.outbound_tls,
                                                  shared.outbound_options);
  t.events = std::make_unique<events::EventWriter>(*t.redis, shared.keys, shared.config.events);
  t.services = std::make_unique<api::Services>(
      api::Services{shared.config, shared.keys, shared.connectors, shared.cipher, shared.cursors,
                    shared.draining, shared.destinations, *t.redis, *t.authenticator, *t.stores,
                    *t.http, *t.limiter, *t.events, shared.catchups});
  t.router = std::make_unique<api::Router>(*t.services);
  boost::asio::post(executor, [client = t.redis] { client->start(); });
  return t;
}

}  // namespace cartgate::app
