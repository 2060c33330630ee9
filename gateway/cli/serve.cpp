// The composition root's entry: checks the configuration, builds the process's shared parts,
// one app::IoThread per io thread (app/io_thread.hpp) and the background workers
// (app/background.hpp), then the HTTP server and the signal handling that drains it all.
#include "cli/serve.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <malloc.h>
#include <memory>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>

#include "app/background.hpp"
#include "app/io_thread.hpp"
#include "connectors/connector_registry.hpp"
#include "connectors/plugin_loader.hpp"
#include "http/io_pool.hpp"
#include "http/server.hpp"
#include "http/tls_server_context.hpp"
#include "ingest/catchup_requests.hpp"
#include "log/logger.hpp"
#include "security/cipher.hpp"
#include "security/cursor_codec.hpp"
#include "security/master_keys.hpp"
#include "store/store_url.hpp"
#include "util/cidr_set.hpp"

namespace cartgate {

namespace asio = boost::asio;

namespace {

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

// The outbound rules of every destination, and the check that the gateway's own public URL
// (where platforms deliver webhooks with their signatures) is https unless the operator
// allowlisted its address for development.
std::optional<outbound::DestinationRules> destination_rules(const Config& config,
                                                            std::string& error) {
  auto policy = outbound::AddressPolicy::parse(config.outbound.address_allowlist);
  if (!policy) {
    error = "outbound.address_allowlist: a comma list of CIDRs like 127.0.0.1/32";
    return std::nullopt;
  }
  auto routes = outbound::ConnectRoutes::parse(config.outbound.connect_to);
  if (!routes) {
    error = "outbound.connect_to: a comma list like *.myshopify.com=127.0.0.1:8443";
    return std::nullopt;
  }
  const std::string& pub = config.events.public_url;
  if (pub.starts_with("http://")) {
    const auto hp = url_host_port(pub);
    boost::system::error_code ec;
    const auto address = hp ? asio::ip::make_address(hp->host, ec) : asio::ip::address();
    if (!hp || ec || outbound::AddressPolicy::is_public(address) || !policy->allowed(address)) {
      error =
          "events.public_url: must be https:// (plain http only for an address inside "
          "outbound.address_allowlist, for development)";
      return std::nullopt;
    }
  }
  return outbound::DestinationRules{std::move(*policy), std::move(*routes)};
}

}  // namespace

int serve(const Config& config) {
  // hiredis writes with write(2): a peer that closed must not kill the process with SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  // Large transient buffers (a store's answer near the size cap) are mapped and unmapped on
  // their own rather than left in the heap, where glibc's moving threshold would keep them
  // resident after use: what one hostile answer costs is returned when the call ends.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);  // NOLINT(concurrency-mt-unsafe): before any thread

  std::string error;
  auto master_keys = security::load_master_keys(process_env("CARTGATE_MASTER_KEY"),
                                                config.security.master_key_file, error);
  if (!master_keys) {
    log::error("cannot start", {{"error", error}});
    return 2;
  }
  const security::Cipher cipher(*master_keys);
  const security::CursorCodec cursors(master_keys->derive_each("cursor"));

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
  auto destinations = destination_rules(config, error);
  if (!destinations) {
    log::error("cannot start", {{"error", error}});
    return 2;
  }
  outbound::ClientOptions http_options;
  http_options.connect_timeout = config.outbound.connect_timeout;
  http_options.max_retries = static_cast<int>(config.outbound.max_retries);
  http_options.max_response_bytes = static_cast<std::size_t>(config.outbound.max_response_bytes);
  http_options.user_agent = "cartgate/" CARTGATE_VERSION;
  http_options.destinations = &*destinations;

  redis::ClientOptions redis_options;
  redis_options.endpoint = *endpoint;
  redis_options.connect_timeout = config.redis.connect_timeout;
  redis_options.command_timeout = config.redis.command_timeout;

  http::IoPool pool(threads);
  ingest::CatchupRequests catchups;
  RecentStores recent_stores(config.redis.store_cache);  // shared by the io threads
  const app::SharedParts shared{config,        keys,     connectors,    cipher,
                                cursors,       draining, *destinations, catchups,
                                recent_stores, *tls,     http_options,  redis_options};
  std::vector<app::IoThread> io_threads;
  std::vector<http::RequestHandler*> handlers;
  for (std::size_t i = 0; i < threads; ++i) {
    io_threads.push_back(app::build_io_thread(shared, pool.context(i).get_executor()));
    handlers.push_back(io_threads.back().router.get());
  }

  http::ServerLimits limits;
  limits.header_timeout = config.http.header_timeout;
  limits.body_timeout = config.http.body_timeout;
  limits.idle_timeout = config.http.idle_timeout;
  limits.write_timeout = config.http.write_timeout;
  limits.max_header_bytes = static_cast<std::size_t>(config.http.max_header_bytes);
  limits.max_body_bytes = static_cast<std::size_t>(config.http.max_body_bytes);
  limits.max_connections = static_cast<std::size_t>(config.http.max_connections);
  limits.max_connections_per_ip = static_cast<std::size_t>(config.http.max_connections_per_ip);
  limits.trusted_proxies = *util::CidrSet::parse(config.http.trusted_proxies);  // validated
  std::shared_ptr<asio::ssl::context> listener_tls;
  if (!config.http.tls_cert_file.empty()) {
    try {
      listener_tls =
          http::make_tls_server_context(config.http.tls_cert_file, config.http.tls_key_file);
    } catch (const std::exception& e) {
      log::error("cannot start", {{"error", e.what()}});
      return 2;
    }
  }
  http::Server server(pool, limits, handlers, listener_tls);
  app::Background background;  // started once the port is bound, drained with the server
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
    // The listener and the background workers drain side by side; the threads stop once
    // both have (each gives up at the drain timeout).
    auto parts_left = std::make_shared<std::atomic<int>>(2);
    const auto part_drained = [&pool, parts_left] {
      if (--*parts_left == 0) pool.stop();
    };
    server.drain(config.http.drain_timeout, [part_drained](bool clean) {
      log::info("drained", {{"clean", clean}});
      part_drained();
    });
    background.drain(config.http.drain_timeout, [part_drained] {
      log::info("background work handed over");
      part_drained();
    });
    signals.async_wait(on_signal);
  };
  signals.async_wait(on_signal);
  // SIGHUP re-reads the listener's certificate and key; a bad pair is logged and the current
  // one kept, so a botched renewal never takes the gateway down.
  asio::signal_set hangups(pool.context(0), SIGHUP);
  std::function<void(boost::system::error_code, int)> on_hangup = [&](boost::system::error_code
                                                                          hup_ec,
                                                                      int) {
    if (hup_ec) return;
    if (listener_tls) {
      try {
        server.replace_tls(
            http::make_tls_server_context(config.http.tls_cert_file, config.http.tls_key_file));
        log::info("tls certificate reloaded", {{"file", config.http.tls_cert_file}});
      } catch (const std::exception& e) {
        log::error("tls certificate not reloaded; the current one stays", {{"error", e.what()}});
      }
    }
    hangups.async_wait(on_hangup);
  };
  hangups.async_wait(on_hangup);

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
  if (config.events.background != 0) {
    background.start({*io_threads.front().services, pool.context(0).get_executor()},
                     {*io_threads.back().services, pool.context(threads - 1).get_executor()},
                     redis_options, *tls, draining);
  }

  // Catch-up polls the webhook endpoint asks for reach the shared schedule from here, in every
  // process, whether or not it runs background work of its own.
  asio::co_spawn(pool.context(0), catchups.run(*io_threads.front().redis, keys, draining),
                 asio::detached);

  server.start();
  log::info("listening", {{"address", bound->address().to_string()},
                          {"port", static_cast<int>(bound->port())},
                          {"threads", static_cast<std::uint64_t>(threads)},
                          {"tls", listener_tls != nullptr},
                          {"platforms", static_cast<std::uint64_t>(connectors.size())},
                          {"redis", endpoint->describe()}});
  pool.run();
  pool.join();
  log::info("stopped");
  return 0;
}

}  // namespace cartgate
