// cartgate-sandbox: emulated Shopify, WooCommerce, Magento 2 and BigCommerce stores over real
// sockets, for the gateway's tests, benchmarks and quick start. See docs/sandbox.md.
#include <charconv>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json.hpp>

#include "common/format.hpp"
#include "common/tls_cert.hpp"
#include "control/control_api.hpp"
#include "http/io_pool.hpp"
#include "http/server.hpp"
#include "log/logger.hpp"
#include "model/generator.hpp"
#include "router.hpp"
#include "util/wall_clock.hpp"
#include "webhooks/dispatcher.hpp"

namespace json = boost::json;
using namespace sandbox;

namespace {

constexpr const char* kUsage = R"(cartgate-sandbox: emulated commerce platforms for tests

  --state-dir DIR     where manifest.json (stores, URLs, credentials) and tls-cert.pem go
  --seed N            data and credentials seed (default 42)
  --stores SPEC       per-platform store counts, e.g. shopify=1,woocommerce=3
                      (default shopify=2,woocommerce=2,bigcommerce=2,magento=2)
  --orders N --customers N --products N --carts N     per store
  --epoch RFC3339     generated data is dated in the 90 days before (default 2026-11-01T00:00:00Z)
  --host H            address to listen on (default 127.0.0.1)
  --http-port P --https-port P    (default 0: any free port)
  --control-port P    the control API (default 0: any free port)
  --time-scale X      multiplies platform delays such as retry schedules (default 1)
  --threads N         io threads (default 2)
  --hook-destinations strict|any
                      BigCommerce hook destinations: HTTPS on port 443 only, as BigCommerce
                      requires (default), or any http(s) URL, for local receivers
)";

struct Options {
  std::string state_dir;
  std::uint64_t seed = 42;
  std::map<Platform, int> stores{{Platform::shopify, 2},
                                 {Platform::woocommerce, 2},
                                 {Platform::bigcommerce, 2},
                                 {Platform::magento, 2}};
  Sizes sizes;
  Time epoch = *parse_iso("2026-11-01T00:00:00Z");
  std::string host = "127.0.0.1";
  int http_port = 0, https_port = 0, control_port = 0, threads = 2;
  double time_scale = 1.0;
  bool strict_hook_destinations = true;
};

bool to_int(const std::string& s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return std::nullopt;
    const std::string value = argv[++i];
    std::int64_t n = 0;
    const bool numeric = to_int(value, n);
    if (flag == "--state-dir")
      o.state_dir = value;
    else if (flag == "--seed" && numeric)
      o.seed = static_cast<std::uint64_t>(n);
    else if (flag == "--orders" && numeric)
      o.sizes.orders = static_cast<int>(n);
    else if (flag == "--customers" && numeric)
      o.sizes.customers = static_cast<int>(n);
    else if (flag == "--products" && numeric)
      o.sizes.products = static_cast<int>(n);
    else if (flag == "--carts" && numeric)
      o.sizes.carts = static_cast<int>(n);
    else if (flag == "--host")
      o.host = value;
    else if (flag == "--http-port" && numeric)
      o.http_port = static_cast<int>(n);
    else if (flag == "--https-port" && numeric)
      o.https_port = static_cast<int>(n);
    else if (flag == "--threads" && numeric && n > 0)
      o.threads = static_cast<int>(n);
    else if (flag == "--control-port" && numeric)
      o.control_port = static_cast<int>(n);
    else if (flag == "--hook-destinations" && (value == "strict" || value == "any"))
      o.strict_hook_destinations = value == "strict";
    else if (flag == "--time-scale") {
      char* end = nullptr;
      o.time_scale = std::strtod(value.c_str(), &end);
      if (end != value.c_str() + value.size() || !(o.time_scale > 0)) return std::nullopt;
    } else if (flag == "--epoch") {
      auto t = parse_iso(value);
      if (!t) return std::nullopt;
      o.epoch = *t;
    } else if (flag == "--stores") {
      o.stores.clear();
      std::size_t start = 0;
      while (start < value.size()) {
        const auto comma = value.find(',', start);
        const std::string item =
            value.substr(start, comma == std::string::npos ? comma : comma - start);
        start = comma == std::string::npos ? value.size() : comma + 1;
        const auto eq = item.find('=');
        std::int64_t count = 0;
        if (eq == std::string::npos || !to_int(item.substr(eq + 1), count)) return std::nullopt;
        const std::string name = item.substr(0, eq);
        if (name == "woocommerce") {
          o.stores[Platform::woocommerce] = static_cast<int>(count);
        } else if (name == "bigcommerce") {
          o.stores[Platform::bigcommerce] = static_cast<int>(count);
        } else if (name == "shopify") {
          o.stores[Platform::shopify] = static_cast<int>(count);
        } else if (name == "magento") {
          o.stores[Platform::magento] = static_cast<int>(count);
        } else {
          return std::nullopt;
        }
      }
    } else {
      return std::nullopt;
    }
  }
  if (o.state_dir.empty()) return std::nullopt;
  return o;
}

// Stores, their currencies, time zones and credentials: all from the seed.
void build_world(World& world, const Options& o) {
  const std::vector<std::string> currencies{"USD", "EUR", "JPY", "GBP", "KWD"};
  const std::vector<int> offsets{-300, 60, 540, 0, 180};
  const Rng root(o.seed);
  for (const auto& [platform, count] : o.stores) {
    for (int i = 1; i <= count; ++i) {
      auto store = std::make_unique<Store>();
      store->platform = platform;
      const std::string label = std::string(platform_name(platform)) + "-" + std::to_string(i);
      Rng rng = root.fork(label);
      store->currency = currencies[static_cast<std::size_t>(i - 1) % currencies.size()];
      store->utc_offset_minutes = offsets[static_cast<std::size_t>(i - 1) % offsets.size()];
      switch (platform) {
        case Platform::woocommerce:
          store->id = "woo-" + std::to_string(i);
          // Every second store's host drops the Authorization header, as many do.
          if (i % 2 == 0) store->settings["host_strips_authorization"] = "true";
          store->credentials = {{"consumer_key", "ck_" + rng.hex(40)},
                                {"consumer_secret", "cs_" + rng.hex(40)}};
          break;
        case Platform::bigcommerce:
          store->id = rng.alnum(10);  // the store hash
          store->utc_offset_minutes = 0;
          store->settings["store_id"] = std::to_string(1000000 + rng.between(0, 8999999));
          store->settings["strict_destinations"] = o.strict_hook_destinations ? "true" : "false";
          store->credentials = {{"access_token", rng.alnum(31)},
                                {"client_id", rng.alnum(31)},
                                {"client_secret", rng.hex(40)}};
          // The store's own quota: Plus/Standard plans, 150 requests per 30 s window.
          store->api_faults.quota = 150;
          store->api_faults.window_ms = 30000;
          break;
        case Platform::shopify:
          store->id = "shop-" + std::to_string(i);  // <id>.myshopify.com
          store->credentials = {{"access_token", "shpat_" + rng.hex(32)},
                                {"api_key", rng.hex(32)},
                                {"api_secret", rng.hex(32)}};  // the app's client secret
          break;
        case Platform::magento:
          store->id = "mage-" + std::to_string(i);
          store->utc_offset_minutes = 0;  // Magento stores UTC
          store->credentials = {
              {"admin_username", "admin"},     {"admin_password", rng.alnum(16)},
              {"consumer_key", rng.alnum(32)}, {"consumer_secret", rng.alnum(32)},
              {"access_token", rng.alnum(32)}, {"access_token_secret", rng.alnum(32)}};
          // Since 2.4.4 integration tokens are not accepted as Bearer tokens unless enabled.
          store->settings = {{"integration_as_bearer", "false"}, {"input_limit_enabled", "false"}};
          break;
        default:
          break;
      }
      populate(*store, rng.fork("data"), o.sizes, o.epoch);
      store->rng = rng.fork("control");
      world.stores.push_back(std::move(store));
    }
  }
}

json::object manifest(const World& world, const PublicUrls& urls, const std::string& cert_path) {
  json::array stores;
  for (const auto& s : world.stores) {
    json::object creds;
    for (const auto& [k, v] : s->credentials)
      creds[k] = v;
    // Where the store's API lives: a site path, or the API host (BigCommerce: the hash is a
    // credential and the path is /stores/<hash>/v2|v3).
    const bool api_host = s->platform == Platform::bigcommerce;
    json::object settings;
    for (const auto& [k, v] : s->settings)
      settings[k] = v;
    stores.push_back(json::object{{"platform", platform_name(s->platform)},
                                  {"id", s->id},
                                  {"url", api_host ? urls.http : urls.http + "/" + s->id},
                                  {"https_url", api_host ? urls.https : urls.https + "/" + s->id},
                                  {"settings", std::move(settings)},
                                  {"currency", s->currency},
                                  {"utc_offset_minutes", s->utc_offset_minutes},
                                  {"credentials", std::move(creds)},
                                  {"counts", json::object{{"orders", s->orders.size()},
                                                          {"customers", s->customers.size()},
                                                          {"products", s->products.size()},
                                                          {"carts", s->carts.size()}}}});
  }
  return json::object{{"http", urls.http},
                      {"https", urls.https},
                      {"control", urls.control},
                      {"tls_certificate", cert_path},
                      {"stores", std::move(stores)}};
}

void write_atomically(const std::filesystem::path& path, const std::string& text) {
  const auto tmp = path.string() + ".tmp";
  std::ofstream(tmp, std::ios::trunc) << text;
  std::filesystem::rename(tmp, path);
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse(argc, argv);
  if (!options) {
    std::cerr << kUsage;
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  // Integration tests move the stores' wall clock with the gateway's (util/wall_clock.hpp).
  if (auto clock = cartgate::util::follow_test_clock_from_environment(); !clock.empty()) {
    std::cerr << "sandbox: wall clock follows " << clock << "\n";
  }
  const Options& o = *options;
  std::filesystem::create_directories(o.state_dir);

  World world;
  build_world(world, o);

  const CertificatePem pem = make_self_signed_certificate();
  const auto cert_path = std::filesystem::path(o.state_dir) / "tls-cert.pem";
  write_atomically(cert_path, pem.certificate);
  boost::asio::ssl::context tls(boost::asio::ssl::context::tls_server);
  tls.use_certificate_chain(boost::asio::buffer(pem.certificate));
  tls.use_private_key(boost::asio::buffer(pem.private_key), boost::asio::ssl::context::pem);

  cartgate::http::IoPool pool(static_cast<std::size_t>(o.threads));
  PublicUrls urls;
  // Webhook deliveries verify HTTPS receivers against the system's CA store.
  boost::asio::ssl::context client_tls(boost::asio::ssl::context::tls_client);
  client_tls.set_default_verify_paths();
  Dispatcher dispatcher(pool.context(0).get_executor(), client_tls, o.time_scale);
  std::vector<std::unique_ptr<cartgate::http::RequestHandler>> handlers;
  std::vector<cartgate::http::RequestHandler*> plain, secure, control;
  for (int i = 0; i < o.threads; ++i) {
    handlers.push_back(std::make_unique<Router>(world, dispatcher, urls, false));
    plain.push_back(handlers.back().get());
    handlers.push_back(std::make_unique<Router>(world, dispatcher, urls, true));
    secure.push_back(handlers.back().get());
    handlers.push_back(std::make_unique<ControlApi>(world, dispatcher, urls));
    control.push_back(handlers.back().get());
  }
  cartgate::http::ServerLimits limits;
  limits.max_body_bytes = 8 << 20;
  limits.max_connections_per_ip = limits.max_connections;  // every client is on loopback
  cartgate::http::Server http_server(pool, limits, plain);
  cartgate::http::Server https_server(pool, limits, secure, &tls);
  cartgate::http::Server control_server(pool, limits, control);
  auto http_ep = http_server.listen(o.host, static_cast<std::uint16_t>(o.http_port));
  auto https_ep = https_server.listen(o.host, static_cast<std::uint16_t>(o.https_port));
  auto control_ep = control_server.listen(o.host, static_cast<std::uint16_t>(o.control_port));
  if (!http_ep || !https_ep || !control_ep) {
    std::cerr << "cartgate-sandbox: cannot listen on " << o.host << "\n";
    return 2;
  }
  urls.http = "http://" + o.host + ":" + std::to_string(http_ep->port());
  urls.https = "https://localhost:" + std::to_string(https_ep->port());
  urls.control = "http://" + o.host + ":" + std::to_string(control_ep->port());
  write_atomically(std::filesystem::path(o.state_dir) / "manifest.json",
                   json::serialize(manifest(world, urls, cert_path.string())));

  boost::asio::signal_set signals(pool.context(0), SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) {
    control_server.drain(std::chrono::seconds(1), [&](bool) {
      http_server.drain(std::chrono::seconds(2), [&](bool) {
        https_server.drain(std::chrono::seconds(2), [&](bool) { pool.stop(); });
      });
    });
  });
  http_server.start();
  https_server.start();
  control_server.start();
  cartgate::log::info("sandbox listening",
                      {{"http", urls.http},
                       {"https", urls.https},
                       {"stores", static_cast<std::uint64_t>(world.stores.size())}});
  pool.run();
  pool.join();
  return 0;
}
