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
#include <vector>

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
  // Connections one client address may hold open at once: a slow client (slowloris) fills
  // its own share, not the server.
  std::int64_t max_connections_per_ip = 256;
  std::string port_file;  // if set, "host:port" is written here once listening
  // HTTPS on the listener: PEM certificate chain and private key, both or neither. Re-read on
  // SIGHUP (new connections get the new certificate; open ones keep theirs).
  std::string tls_cert_file;
  std::string tls_key_file;
  // Proxies in front of the gateway (CIDRs) whose X-Forwarded-For names the client: for
  // per-address limits and logs behind a TLS terminator or load balancer. Empty by default.
  std::string trusted_proxies;
};

struct RedisConfig {
  std::string url = "redis://127.0.0.1:6379/0";
  std::string key_namespace = "cg";  // prefix of every key: several deployments can share one Redis
  milliseconds connect_timeout{2'000};
  milliseconds command_timeout{2'000};
  // How long a process serves a store record it read from memory, on the hot paths (webhook
  // intake, the inbox worker, reads); its own changes are seen at once, another process' within
  // this. 0: every lookup reads Redis.
  milliseconds store_cache{1'000};
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
  // Every outbound destination (stores, subscribers) must resolve to public addresses only.
  // These CIDRs are opened despite being loopback/private ("127.0.0.1/32"): for local
  // development, the quick start and the tests. Empty by default.
  std::string address_allowlist;
  // Platform hosts reached elsewhere, like curl --connect-to:
  // "*.myshopify.com=127.0.0.1:8443,api.bigcommerce.com=127.0.0.1:8443" (sandbox, staging).
  std::string connect_to;
  // Plain http:// store URLs, for platforms that sign requests without TLS (WooCommerce OAuth
  // 1.0a, Magento integrations). Off by default: credentials and data stay off clear text.
  std::int64_t allow_http = 0;
  // The most one store answer may hold; a larger one fails that call. Bounded well below
  // the memory that all tenants share.
  std::int64_t max_response_bytes = std::int64_t{16} << 20;
};

// Per-tenant bounds: one tenant cannot take what all of them share.
struct TenantLimitsConfig {
  std::int64_t max_stores = 10'000;
  std::int64_t replay_events_per_hour = 100'000;  // events queued again by event.replay
};

// Webhook ingestion limits, checked in Redis before any decryption or signature check.
struct IngestConfig {
  std::int64_t rate_per_ip = 500;  // deliveries per second from one source address
  std::int64_t burst_per_ip = 2'000;
  std::int64_t rate_per_store = 50;  // deliveries per second to one ingest address
  std::int64_t burst_per_store = 500;
};

struct EventsConfig {
  // Where platforms deliver webhooks: this gateway's public base URL (https://gw.example.com).
  // Empty: no platform webhooks are registered and every store is polled at poll_interval.
  std::string public_url;
  std::int64_t background = 1;  // 0: this process serves the API only (no ingest/poll/delivery)
  std::int64_t retention_seconds = std::int64_t{7} * 24 * 3600;  // events, versions, records
  std::int64_t stream_max_len = 1'000'000;                       // per tenant, approximate
  milliseconds poll_interval{30'000};          // entities the platform sends no webhooks for
  milliseconds poll_safety_interval{300'000};  // safety net where webhooks exist
  milliseconds poll_overlap{120'000};          // re-read window before the checkpoint
  milliseconds poll_lease{60'000};             // a dead poller's stores are free after this
  // Stores one process polls at once. Each store's requests wait for its own outbound budget,
  // so this bounds memory and sockets, not any store's pace.
  std::int64_t poll_concurrency = 512;
  milliseconds webhook_check_interval{600'000};  // platform webhooks re-checked (autopilot)
  milliseconds delivery_timeout{10'000};         // subscriber's answer, per attempt
  std::int64_t delivery_concurrency = 4;         // in-flight deliveries per subscription
  // Delays between delivery attempts (s, m, h suffixes); the last failure dead-letters.
  // The default spans about a day, as Standard Webhooks senders do.
  std::string retry_schedule = "5s,5m,30m,2h,5h,10h,10h";
  std::vector<milliseconds> retry_delays;  // parsed from retry_schedule
  // A cart unchanged this long is re-checked with the platform and, if still not bought,
  // announced as cart.abandoned (where the platform does not announce abandonment itself).
  milliseconds abandon_after{3'600'000};
  // The cart index: BigCommerce's carts, Shopify's carts by token and every polled cart,
  // kept this long after their last change (BigCommerce carts live 30 days) and at most this
  // many per store (the oldest leave first).
  std::int64_t cart_index_ttl_seconds = std::int64_t{30} * 86'400;
  std::int64_t cart_index_max_per_store = 10'000;
  std::int64_t pause_after_failures = 100;  // consecutive failed attempts that pause a subscriber
  // Deliveries one subscription may have waiting (paused or slow); beyond it new events go to
  // its dead letters with reason "queue_full", where event.replay can bring them back.
  std::int64_t max_queue_length = 100'000;
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
  EventsConfig events;
  TenantLimitsConfig tenants;
  IngestConfig ingest;
};

/// "250ms, 5s,5m,2h" → delays (each at most 7 days, at most 50); nullopt when a part is not
/// <digits><ms|s|m|h> or the list is empty.
std::optional<std::vector<milliseconds>> parse_duration_list(std::string_view text);

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
