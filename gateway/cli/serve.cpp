// Wiring only: builds the shared parts, one Redis client and API router per io thread, the
// HTTP server, and the signal handling that drains it.
#include "cli/serve.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "api/router.hpp"
#include "api/services.hpp"
#include "auth/authenticator.hpp"
#include "connectors/connector_registry.hpp"
#include "connectors/plugin_loader.hpp"
#include "events/background.hpp"
#include "http/io_pool.hpp"
#include "http/server.hpp"
#include "ingest/ingest_handler.hpp"
#include "log/logger.hpp"
#include "outbound/http_client.hpp"
#include "redis/client.hpp"
#include "security/cipher.hpp"
#include "security/cursor_codec.hpp"
#include "security/master_keys.hpp"
#include "store/store_repository.hpp"

namespace cartgate {

namespace asio = boost::asio;

namespace {

// Everything one io thread owns.
struct Worker {
  std::shared_ptr<redis::Client> redis;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<StoreRepository> stores;
  std::unique_ptr<outbound::HttpClient> http;
  std::unique_ptr<outbound::OutboundLimiter> limiter;
  std::unique_ptr<events::EventWriter> events;
  std::unique_ptr<api::Services> services;
  std::unique_ptr<api::Router> router;
};

bool write_port_file(const std::string& path, const asio::ip::tcp::endpoint& ep) {
  // Written atomically (rename) so a reader never sees a partial line.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return false;
    out << ep.address().to_string() << ":" << ep.port() << "\n";
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

}  // namespace

int serve(const Config& config) {
  // hiredis writes with write(2): a peer that closed must not kill the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);

  std::string error;
  auto master_keys = security::load_master_keys(process_env("CARTGATE_MASTER_KEY"),
                                                config.security.master_key_file, error);
  if (!master_keys) {
    log::error("cannot start", {{"error", error}});
    return 2;
  }
  const security::Cipher cipher(*master_keys);
  const security::CursorCodec cursors(master_keys->derive("cursor"));

  ConnectorRegistry connectors;
  if (auto e = register_builtin_connectors(connectors); !e.empty()) {
    log::error("cannot start", {{"error", e}});
    return 2;
  }
  if (!config.plugins.dir.empty()) {
    if (auto e = load_plugin_dir(config.plugins.dir, connectors); !e.empty()) {
      log::error("cannot start", {{"error", e}});
      return 2;
    }
  }

  auto endpoint = redis::parse_endpoint(config.redis.url);
  if (!endpoint) {
    log::error("cannot start", {{"error", "redis.url is invalid"}});
    return 2;
  }
  const redis::KeyLayout keys(config.redis.key_namespace);
  const std::size_t threads = config.http.threads > 0
                                  ? static_cast<std::size_t>(config.http.threads)
                                  : std::max(1u, std::thread::hardware_concurrency());
  std::atomic<bool> draining{false};

  std::optional<asio::ssl::context> tls;
  try {
    tls.emplace(outbound::make_tls_client_context(config.outbound.ca_file));
  } catch (const std::exception& e) {
    log::error("cannot start", {{"error", "outbound.ca_file: " + std::string(e.what())}});
    return 2;
  }
  outbound::ClientOptions http_options;
  http_options.connect_timeout = config.outbound.connect_timeout;
  http_options.max_retries = static_cast<int>(config.outbound.max_retries);
  http_options.user_agent = "cartgate/" CARTGATE_VERSION;

  http::IoPool pool(threads);
  std::vector<Worker> workers(threads);
  std::vector<http::RequestHandler*> handlers;
  std::vector<const redis::Script*> scripts{&auth::authenticate_and_admit_script(),
                                            &store_insert_script(),
                                            &store_update_script(),
                                            &outbound::outbound_acquire_script(),
                                            &outbound::outbound_observe_script(),
                                            &ingest::ingest_enqueue_script()};
  for (const auto* script : events::background_scripts())
    scripts.push_back(script);
  for (std::size_t i = 0; i < threads; ++i) {
    Worker& w = workers[i];
    redis::ClientOptions options;
    options.endpoint = *endpoint;
    options.connect_timeout = config.redis.connect_timeout;
    options.command_timeout = config.redis.command_timeout;
    w.redis = redis::Client::create(pool.context(i).get_executor(), options, scripts);
    w.authenticator = std::make_unique<auth::Authenticator>(*w.redis, keys, config.ratelimit);
    w.stores = std::make_unique<StoreRepository>(*w.redis, keys);
    w.limiter = std::make_unique<outbound::OutboundLimiter>(*w.redis, keys);
    w.http =
        std::make_unique<outbound::HttpClient>(pool.context(i).get_executor(), *tls, http_options);
    w.events = std::make_unique<events::EventWriter>(*w.redis, keys, config.events);
    w.services = std::make_unique<api::Services>(
        api::Services{config, keys, connectors, cipher, cursors, draining, *w.redis,
                      *w.authenticator, *w.stores, *w.http, *w.limiter, *w.events});
    w.router = std::make_unique<api::Router>(*w.services);
    handlers.push_back(w.router.get());
    asio::post(pool.context(i), [client = w.redis] { client->start(); });
  }

  http::ServerLimits limits;
  limits.header_timeout = config.http.header_timeout;
  limits.body_timeout = config.http.body_timeout;
  limits.idle_timeout = config.http.idle_timeout;
  limits.write_timeout = config.http.write_timeout;
  limits.max_header_bytes = static_cast<std::size_t>(config.http.max_header_bytes);
  limits.max_body_bytes = static_cast<std::size_t>(config.http.max_body_bytes);
  limits.max_connections = static_cast<std::size_t>(config.http.max_connections);
  http::Server server(pool, limits, handlers);
  // Signals are caught before the port is announced: a supervisor (or a test) that sends
  // SIGTERM as soon as it sees the port file must get a drain, not the default kill.
  asio::signal_set signals(pool.context(0), SIGTERM, SIGINT);
  std::function<void(boost::system::error_code, int)> on_signal = [&](boost::system::error_code ec,
                                                                      int signo) {
    if (ec) return;
    if (draining.exchange(true)) {
      log::warn("second signal: stopping without waiting", {{"signal", signo}});
      pool.stop();
      return;
    }
    log::info("draining",
              {{"signal", signo},
               {"connections", static_cast<std::uint64_t>(server.active_connections())}});
    server.drain(config.http.drain_timeout, [&](bool clean) {
      log::info("drained", {{"clean", clean}});
      pool.stop();
    });
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);

  auto bound = server.listen(config.http.listen_host, static_cast<std::uint16_t>(config.http.port));
  if (!bound) {
    log::error("cannot listen", {{"host", config.http.listen_host},
                                 {"port", config.http.port},
                                 {"error", bound.error().message()}});
    return 2;
  }
  if (!config.http.port_file.empty() && !write_port_file(config.http.port_file, *bound)) {
    log::error("cannot write port file", {{"path", config.http.port_file}});
    return 2;
  }

  // Ingest and polling share the first io thread, deliveries get the last one: the subscriber
  // HTTP traffic stays off the thread that drains the inbox.
  events::Background background;
  if (config.events.background != 0) {
    redis::ClientOptions blocking_options;
    blocking_options.endpoint = *endpoint;
    blocking_options.connect_timeout = config.redis.connect_timeout;
    blocking_options.command_timeout = config.redis.command_timeout;
    background.start({*workers.front().services, pool.context(0).get_executor()},
                     {*workers.back().services, pool.context(threads - 1).get_executor()},
                     blocking_options, *tls, draining);
  }

  server.start();
  log::info("listening", {{"address", bound->address().to_string()},
                          {"port", static_cast<int>(bound->port())},
                          {"threads", static_cast<std::uint64_t>(threads)},
                          {"platforms", static_cast<std::uint64_t>(connectors.size())},
                          {"redis", endpoint->describe()}});
  pool.run();
  pool.join();
  log::info("stopped");
  return 0;
}

}  // namespace cartgate
