#include "config/config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "log/logger.hpp"
#include "redis/endpoint.hpp"
#include "util/cidr_set.hpp"
#include "util/split_trimmed.hpp"

namespace cartgate {

namespace json = boost::json;

namespace {

// One configuration key: where it lives and how to set it from JSON. Environment values are
// converted to JSON first, so both sources share one parser per type.
struct Option {
  std::string_view section;
  std::string_view key;
  enum class Kind { string, integer } kind;
  std::function<std::string(Config&, const json::value&)> set;  // returns an error or ""
};

std::string set_value(std::string& field, const json::value& v) {
  if (!v.is_string()) return "expected a string";
  field = v.get_string();
  return {};
}
std::string set_value(std::int64_t& field, const json::value& v) {
  if (!v.is_int64() && !v.is_uint64()) return "expected an integer";
  if (v.is_uint64() && v.get_uint64() > INT64_MAX) return "out of range";
  field = v.to_number<std::int64_t>();
  return {};
}
std::string set_value(milliseconds& field, const json::value& v) {
  std::int64_t ms = 0;
  if (auto e = set_value(ms, v); !e.empty()) return e;
  field = milliseconds(ms);
  return {};
}

template <class Section, class T>
Option option(std::string_view section, std::string_view key, Section Config::*s, T Section::*m) {
  constexpr auto kind =
      std::is_same_v<T, std::string> ? Option::Kind::string : Option::Kind::integer;
  return {section, key, kind,
          [s, m](Config& c, const json::value& v) { return set_value(c.*s.*m, v); }};
}

const std::vector<Option>& options() {
  static const std::vector<Option> all{
      option("http", "listen_host", &Config::http, &HttpConfig::listen_host),
      option("http", "port", &Config::http, &HttpConfig::port),
      option("http", "threads", &Config::http, &HttpConfig::threads),
      option("http", "header_timeout_ms", &Config::http, &HttpConfig::header_timeout),
      option("http", "body_timeout_ms", &Config::http, &HttpConfig::body_timeout),
      option("http", "idle_timeout_ms", &Config::http, &HttpConfig::idle_timeout),
      option("http", "write_timeout_ms", &Config::http, &HttpConfig::write_timeout),
      option("http", "drain_timeout_ms", &Config::http, &HttpConfig::drain_timeout),
      option("http", "max_header_bytes", &Config::http, &HttpConfig::max_header_bytes),
      option("http", "max_body_bytes", &Config::http, &HttpConfig::max_body_bytes),
      option("http", "max_connections", &Config::http, &HttpConfig::max_connections),
      option("http", "port_file", &Config::http, &HttpConfig::port_file),
      option("http", "max_connections_per_ip", &Config::http, &HttpConfig::max_connections_per_ip),
      option("http", "tls_cert_file", &Config::http, &HttpConfig::tls_cert_file),
      option("http", "tls_key_file", &Config::http, &HttpConfig::tls_key_file),
      option("http", "trusted_proxies", &Config::http, &HttpConfig::trusted_proxies),
      option("redis", "url", &Config::redis, &RedisConfig::url),
      option("redis", "namespace", &Config::redis, &RedisConfig::key_namespace),
      option("redis", "connect_timeout_ms", &Config::redis, &RedisConfig::connect_timeout),
      option("redis", "command_timeout_ms", &Config::redis, &RedisConfig::command_timeout),
      option("redis", "store_cache_ms", &Config::redis, &RedisConfig::store_cache),
      option("security", "master_key_file", &Config::security, &SecurityConfig::master_key_file),
      option("ratelimit", "default_rate", &Config::ratelimit, &RateLimitConfig::default_rate),
      option("ratelimit", "default_period_ms", &Config::ratelimit,
             &RateLimitConfig::default_period),
      option("ratelimit", "default_burst", &Config::ratelimit, &RateLimitConfig::default_burst),
      option("outbound", "request_timeout_ms", &Config::outbound, &OutboundConfig::request_timeout),
      option("outbound", "connect_timeout_ms", &Config::outbound, &OutboundConfig::connect_timeout),
      option("outbound", "max_retries", &Config::outbound, &OutboundConfig::max_retries),
      option("outbound", "ca_file", &Config::outbound, &OutboundConfig::ca_file),
      option("outbound", "default_rate_per_second", &Config::outbound,
             &OutboundConfig::default_rate_per_second),
      option("outbound", "default_burst", &Config::outbound, &OutboundConfig::default_burst),
      option("outbound", "address_allowlist", &Config::outbound,
             &OutboundConfig::address_allowlist),
      option("outbound", "connect_to", &Config::outbound, &OutboundConfig::connect_to),
      option("outbound", "allow_http", &Config::outbound, &OutboundConfig::allow_http),
      option("outbound", "max_response_bytes", &Config::outbound,
             &OutboundConfig::max_response_bytes),
      option("tenants", "max_stores", &Config::tenants, &TenantLimitsConfig::max_stores),
      option("tenants", "replay_events_per_hour", &Config::tenants,
             &TenantLimitsConfig::replay_events_per_hour),
      option("ingest", "rate_per_ip", &Config::ingest, &IngestConfig::rate_per_ip),
      option("ingest", "burst_per_ip", &Config::ingest, &IngestConfig::burst_per_ip),
      option("ingest", "rate_per_store", &Config::ingest, &IngestConfig::rate_per_store),
      option("ingest", "burst_per_store", &Config::ingest, &IngestConfig::burst_per_store),
      option("plugins", "dir", &Config::plugins, &PluginConfig::dir),
      option("log", "level", &Config::log, &LogConfig::level),
      option("events", "public_url", &Config::events, &EventsConfig::public_url),
      option("events", "background", &Config::events, &EventsConfig::background),
      option("events", "retention_seconds", &Config::events, &EventsConfig::retention_seconds),
      option("events", "stream_max_len", &Config::events, &EventsConfig::stream_max_len),
      option("events", "poll_interval_ms", &Config::events, &EventsConfig::poll_interval),
      option("events", "poll_safety_interval_ms", &Config::events,
             &EventsConfig::poll_safety_interval),
      option("events", "poll_overlap_ms", &Config::events, &EventsConfig::poll_overlap),
      option("events", "poll_lease_ms", &Config::events, &EventsConfig::poll_lease),
      option("events", "poll_concurrency", &Config::events, &EventsConfig::poll_concurrency),
      option("events", "webhook_check_interval_ms", &Config::events,
             &EventsConfig::webhook_check_interval),
      option("events", "delivery_timeout_ms", &Config::events, &EventsConfig::delivery_timeout),
      option("events", "delivery_concurrency", &Config::events,
             &EventsConfig::delivery_concurrency),
      option("events", "retry_schedule", &Config::events, &EventsConfig::retry_schedule),
      option("events", "pause_after_failures", &Config::events,
             &EventsConfig::pause_after_failures),
      option("events", "abandon_after_ms", &Config::events, &EventsConfig::abandon_after),
      option("events", "cart_index_ttl_seconds", &Config::events,
             &EventsConfig::cart_index_ttl_seconds),
      option("events", "cart_index_max_per_store", &Config::events,
             &EventsConfig::cart_index_max_per_store),
      option("events", "max_queue_length", &Config::events, &EventsConfig::max_queue_length),
  };
  return all;
}

std::string env_name(const Option& o) {
  std::string name = "CARTGATE_";
  for (char c : o.section)
    name.push_back(static_cast<char>(std::toupper(c)));
  name.push_back('_');
  for (char c : o.key)
    name.push_back(static_cast<char>(std::toupper(c)));
  return name;
}

std::optional<json::value> env_to_json(const Option& o, const std::string& text) {
  if (o.kind == Option::Kind::string) return json::value(json::string(text));
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return json::value(v);
}

// "config: <key>: <problem>"
std::string key_error(std::string_view key, std::string_view problem) {
  std::string out = "config: ";
  out.append(key).append(": ").append(problem);
  return out;
}

std::string check_range(std::string_view name, std::int64_t v, std::int64_t lo, std::int64_t hi) {
  if (v >= lo && v <= hi) return {};
  return std::string(name) + ": must be between " + std::to_string(lo) + " and " +
         std::to_string(hi);
}

std::string validate(const Config& c) {
  const std::string errors[] = {
      check_range("http.port", c.http.port, 0, 65535),
      check_range("http.threads", c.http.threads, 0, 256),
      check_range("http.header_timeout_ms", c.http.header_timeout.count(), 1, 3'600'000),
      check_range("http.body_timeout_ms", c.http.body_timeout.count(), 1, 3'600'000),
      check_range("http.idle_timeout_ms", c.http.idle_timeout.count(), 1, 3'600'000),
      check_range("http.write_timeout_ms", c.http.write_timeout.count(), 1, 3'600'000),
      check_range("http.drain_timeout_ms", c.http.drain_timeout.count(), 0, 3'600'000),
      check_range("http.max_header_bytes", c.http.max_header_bytes, 1024, 1 << 20),
      check_range("http.max_body_bytes", c.http.max_body_bytes, 1, 64 << 20),
      check_range("http.max_connections", c.http.max_connections, 1, 1'000'000),
      check_range("redis.connect_timeout_ms", c.redis.connect_timeout.count(), 1, 600'000),
      check_range("outbound.request_timeout_ms", c.outbound.request_timeout.count(), 100, 600'000),
      check_range("outbound.connect_timeout_ms", c.outbound.connect_timeout.count(), 10, 600'000),
      check_range("outbound.max_retries", c.outbound.max_retries, 0, 10),
      check_range("outbound.default_rate_per_second", c.outbound.default_rate_per_second, 1,
                  100'000),
      check_range("outbound.default_burst", c.outbound.default_burst, 1, 100'000),
      check_range("redis.command_timeout_ms", c.redis.command_timeout.count(), 1, 600'000),
      check_range("redis.store_cache_ms", c.redis.store_cache.count(), 0, 60'000),
      check_range("ratelimit.default_rate", c.ratelimit.default_rate, 1, 1'000'000'000),
      check_range("ratelimit.default_period_ms", c.ratelimit.default_period.count(), 1, 86'400'000),
      check_range("ratelimit.default_burst", c.ratelimit.default_burst, 1, 1'000'000'000),
      check_range("events.background", c.events.background, 0, 1),
      check_range("events.retention_seconds", c.events.retention_seconds, 60,
                  std::int64_t{365} * 86'400),
      check_range("events.stream_max_len", c.events.stream_max_len, 1000, 1'000'000'000),
      check_range("events.poll_interval_ms", c.events.poll_interval.count(), 100, 86'400'000),
      check_range("events.poll_safety_interval_ms", c.events.poll_safety_interval.count(), 100,
                  86'400'000),
      check_range("events.poll_overlap_ms", c.events.poll_overlap.count(), 0, 86'400'000),
      check_range("events.poll_lease_ms", c.events.poll_lease.count(), 1000, 3'600'000),
      check_range("events.poll_concurrency", c.events.poll_concurrency, 1, 100'000),
      check_range("events.webhook_check_interval_ms", c.events.webhook_check_interval.count(), 1000,
                  86'400'000),
      check_range("events.delivery_timeout_ms", c.events.delivery_timeout.count(), 100, 120'000),
      check_range("events.delivery_concurrency", c.events.delivery_concurrency, 1, 256),
      check_range("events.pause_after_failures", c.events.pause_after_failures, 1, 1'000'000),
      check_range("events.abandon_after_ms", c.events.abandon_after.count(), 1000,
                  std::int64_t{30} * 86'400'000),
      check_range("events.cart_index_ttl_seconds", c.events.cart_index_ttl_seconds, 60,
                  std::int64_t{365} * 86'400),
      check_range("events.cart_index_max_per_store", c.events.cart_index_max_per_store, 10,
                  10'000'000),
      check_range("events.max_queue_length", c.events.max_queue_length, 1, 100'000'000),
      check_range("http.max_connections_per_ip", c.http.max_connections_per_ip, 1, 1'000'000),
      check_range("outbound.allow_http", c.outbound.allow_http, 0, 1),
      check_range("outbound.max_response_bytes", c.outbound.max_response_bytes, 64 << 10,
                  256 << 20),
      check_range("tenants.max_stores", c.tenants.max_stores, 1, 100'000'000),
      check_range("tenants.replay_events_per_hour", c.tenants.replay_events_per_hour, 1,
                  1'000'000'000),
      check_range("ingest.rate_per_ip", c.ingest.rate_per_ip, 1, 1'000'000),
      check_range("ingest.burst_per_ip", c.ingest.burst_per_ip, 1, 10'000'000),
      check_range("ingest.rate_per_store", c.ingest.rate_per_store, 1, 1'000'000),
      check_range("ingest.burst_per_store", c.ingest.burst_per_store, 1, 10'000'000),
  };
  for (const auto& e : errors) {
    if (!e.empty()) return e;
  }
  if (!redis::parse_endpoint(c.redis.url)) return "redis.url: not a redis:// or unix:// URL";
  const auto& ns = c.redis.key_namespace;
  if (ns.empty() || ns.size() > 32 ||
      ns.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
          std::string::npos) {
    return "redis.namespace: 1-32 characters of [A-Za-z0-9_-]";
  }
  if (!parse_duration_list(c.events.retry_schedule)) {
    return "events.retry_schedule: a comma list of durations like 5s,5m,2h";
  }
  const auto& url = c.events.public_url;
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return "events.public_url: an absolute http(s) URL";
  }
  if (!util::CidrSet::parse(c.http.trusted_proxies)) {
    return "http.trusted_proxies: a comma list of CIDRs like 10.0.0.0/8";
  }
  if (c.http.tls_cert_file.empty() != c.http.tls_key_file.empty()) {
    return "http.tls_cert_file, http.tls_key_file: set both or neither";
  }
  log::Level level{};
  if (!log::parse_level(c.log.level, level)) return "log.level: one of debug, info, warn, error";
  return {};
}

}  // namespace

std::optional<std::vector<milliseconds>> parse_duration_list(std::string_view text) {
  std::vector<milliseconds> out;
  for (const std::string_view part : util::split_trimmed(text)) {
    // "<n>ms", "<n>s", "<n>m" or "<n>h".
    std::int64_t scale = 0;
    std::size_t unit_length = 1;
    if (part.ends_with("ms")) {
      scale = 1;
      unit_length = 2;
    } else if (!part.empty()) {
      const char unit = part.back();
      scale = unit == 's' ? 1000 : unit == 'm' ? 60'000 : unit == 'h' ? 3'600'000 : 0;
    }
    if (scale == 0 || part.size() <= unit_length) return std::nullopt;
    const std::string_view digits = part.substr(0, part.size() - unit_length);
    std::int64_t n = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || p != digits.data() + digits.size() || n <= 0 ||
        n > std::int64_t{7} * 24 * 3'600'000 / scale) {
      return std::nullopt;
    }
    out.emplace_back(n * scale);
  }
  if (out.empty() || out.size() > 50) return std::nullopt;
  return out;
}

std::optional<std::string> process_env(std::string_view name) {
  // Configuration is read once at start, before any thread exists.
  const char* v = std::getenv(std::string(name).c_str());  // NOLINT(concurrency-mt-unsafe)
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

std::optional<Config> load_config(std::string_view file_text, const EnvLookup& env,
                                  std::string& error) {
  Config config;
  if (!file_text.empty()) {
    boost::system::error_code ec;
    json::value root = json::parse(file_text, ec);
    if (ec) {
      error = "config: not valid JSON: " + ec.message();
      return std::nullopt;
    }
    if (!root.is_object()) {
      error = "config: the top level must be an object";
      return std::nullopt;
    }
    for (const auto& [section, body] : root.get_object()) {
      if (!body.is_object()) {
        error = "config: " + std::string(section) + ": must be an object";
        return std::nullopt;
      }
      for (const auto& [key, value] : body.get_object()) {
        const Option* match = nullptr;
        for (const auto& o : options()) {
          if (o.section == section && o.key == key) match = &o;
        }
        const std::string name = std::string(section) + "." + std::string(key);
        if (match == nullptr) {
          error = "config: unknown key " + name;
          return std::nullopt;
        }
        if (auto e = match->set(config, value); !e.empty()) {
          error = key_error(name, e);
          return std::nullopt;
        }
      }
    }
  }
  for (const auto& o : options()) {
    const std::string name = env_name(o);
    auto text = env(name);
    if (!text) continue;
    auto jv = env_to_json(o, *text);
    if (!jv) {
      error = "config: " + name + ": expected an integer";
      return std::nullopt;
    }
    if (auto e = o.set(config, *jv); !e.empty()) {
      error = key_error(name, e);
      return std::nullopt;
    }
  }
  if (auto e = validate(config); !e.empty()) {
    error = "config: " + e;
    return std::nullopt;
  }
  config.events.retry_delays = *parse_duration_list(config.events.retry_schedule);
  while (config.events.public_url.ends_with('/'))
    config.events.public_url.pop_back();
  return config;
}

std::optional<Config> load_config_file(const std::string& path, const EnvLookup& env,
                                       std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "config: cannot read " + path;
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  return load_config(text.str(), env, error);
}

}  // namespace cartgate
