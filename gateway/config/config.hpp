#pragma once
// Static configuration: a JSON file, then CARTGATE_<SECTION>_<KEY> environment overrides.
// Every key is declared once (config.cpp); unknown keys, wrong types and out-of-range values
// stop the start with a message naming the key.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace cartgate {

using std::chrono::milliseconds;

struct HttpConfig {
  std::string listen_host = "127.0.0.1";
  std::int64_t port = 8080;             // 0: any free port (see port_file)
  std::int64_t threads = 0;             // io threads; 0: one per core
  milliseconds header_timeout{10'000};  // to receive a whole request head
  milliseconds body_timeout{30'000};    // to receive the body once the head is in
  milliseconds idle_timeout{60'000};    // keep-alive connection without a request
  milliseconds write_timeout{30'000};   // to send one response
  milliseconds drain_timeout{15'000};   // SIGTERM: how long in-flight requests may finish
  std::int64_t max_header_bytes = std::int64_t{16} * 1024;
  std::int64_t max_body_bytes = std::int64_t{1024} * 1024;
  std::int64_t max_connections = 10'000;
  std::string port_file;  // if set, "host:port" is written here once listening
};

struct RedisConfig {
  std::string url = "redis://127.0.0.1:6379/0";
  std::string key_namespace = "cg";  // prefix of every key: several deployments can share one Redis
  milliseconds connect_timeout{2'000};
  milliseconds command_timeout{2'000};
};

struct SecurityConfig {
  // File holding base64 master keys, one per line: the first encrypts, all decrypt (rotation).
  // CARTGATE_MASTER_KEY (same format, comma-separated) takes precedence. Never in the repo.
  std::string master_key_file;
};

struct RateLimitConfig {
  // Inbound GCRA defaults for tenants without their own limit: `rate` requests per `period`,
  // with bursts of up to `burst` requests.
  std::int64_t default_rate = 600;
  milliseconds default_period{60'000};
  std::int64_t default_burst = 60;
};

struct OutboundConfig {
  milliseconds request_timeout{25'000};  // one API call's whole budget towards a store
  milliseconds connect_timeout{5'000};
  std::int64_t max_retries = 2;  // idempotent reads after 5xx or transport failures
  std::string ca_file;           // extra trusted CAs (PEM) besides the system store
  // Outbound budget of stores whose platform publishes no limit (WooCommerce, Magento):
  // requests per second and burst, unless the store's settings say otherwise.
  std::int64_t default_rate_per_second = 20;
  std::int64_t default_burst = 40;
};

struct PluginConfig {
  std::string dir;  // connector plugins (*.so) loaded at start; empty: none
};

struct LogConfig {
  std::string level = "info";
};

struct Config {
  HttpConfig http;
  RedisConfig redis;
  SecurityConfig security;
  RateLimitConfig ratelimit;
  OutboundConfig outbound;
  PluginConfig plugins;
  LogConfig log;
};

using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment.
std::optional<std::string> process_env(std::string_view name);

/// Loads `file_text` (may be empty: defaults) and applies overrides from `env`.
/// On failure returns nullopt and sets `error`.
std::optional<Config> load_config(std::string_view file_text, const EnvLookup& env,
                                  std::string& error);

/// Reads the file at `path` and loads it as above.
std::optional<Config> load_config_file(const std::string& path, const EnvLookup& env,
                                       std::string& error);

}  // namespace cartgate
