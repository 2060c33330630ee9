#include "cli/admin.hpp"

#include <charconv>
#include <iostream>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include "auth/key_admin.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"

namespace cartgate {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Finds "--name value" in args.
std::optional<std::string> flag(const std::vector<std::string>& args, std::string_view name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == name) return args[i + 1];
  }
  return std::nullopt;
}

std::optional<std::int64_t> int_flag(const std::vector<std::string>& args, std::string_view name) {
  const auto text = flag(args, name);
  if (!text) return std::nullopt;
  const char* const begin = text->data();
  const char* const end = begin + text->size();
  std::int64_t v = 0;
  const auto parsed = std::from_chars(begin, end, v);
  if (parsed.ec != std::errc() || parsed.ptr != end || v <= 0) return std::nullopt;
  return v;
}

int fail(const std::string& message) {
  std::cerr << "cartgate: " << message << "\n";
  return 1;
}

asio::awaitable<int> run(redis::Client& redis, const redis::KeyLayout& keys,
                         std::vector<std::string> args, std::chrono::milliseconds timeout) {
  if (!co_await redis.wait_connected(timeout)) co_return fail("cannot connect to Redis");
  auth::KeyAdmin admin(redis, keys);
  const std::string group = args.at(0);
  const std::string verb = args.size() > 1 ? args[1] : "";

  if (group == "key" && verb == "create") {
    auto tenant = flag(args, "--tenant");
    if (!tenant || !auth::is_valid_tenant_id(*tenant)) {
      co_return fail("key create needs --tenant <id> ([a-z0-9][a-z0-9_-]{0,62})");
    }
    auto key = co_await admin.create(*tenant, flag(args, "--name").value_or(""));
    if (!key) co_return fail("key create failed: " + key.error().message());
    std::cout << json::serialize(json::object{
                     {"tenant", *tenant}, {"key_id", key->key_id}, {"api_key", key->key}})
              << "\n";
    co_return 0;
  }
  if (group == "key" && verb == "revoke" && args.size() > 2) {
    auto done = co_await admin.revoke(args[2]);
    if (!done) co_return fail("key revoke failed: " + done.error().message());
    if (!*done) co_return fail("no key " + args[2]);
    std::cout << json::serialize(json::object{{"key_id", args[2]}, {"revoked", true}}) << "\n";
    co_return 0;
  }
  if (group == "key" && verb == "list") {
    auto tenant = flag(args, "--tenant");
    if (!tenant || !auth::is_valid_tenant_id(*tenant)) co_return fail("key list needs --tenant");
    auto list = co_await admin.list(*tenant);
    if (!list) co_return fail("key list failed: " + list.error().message());
    std::cout << json::serialize(*list) << "\n";
    co_return 0;
  }
  if (group == "tenant" && verb == "set-limit" && args.size() > 2) {
    if (!auth::is_valid_tenant_id(args[2])) co_return fail("invalid tenant id");
    auth::TenantLimit limit;
    auto rate = int_flag(args, "--rate");
    auto period = int_flag(args, "--period-ms");
    auto burst = int_flag(args, "--burst");
    if (!rate || !period || !burst) {
      co_return fail("tenant set-limit needs --rate N --period-ms N --burst N (all > 0)");
    }
    limit.rate = *rate;
    limit.period_ms = *period;
    limit.burst = *burst;
    auto done = co_await admin.set_limit(args[2], limit);
    if (!done) co_return fail("tenant set-limit failed: " + done.error().message());
    std::cout << json::serialize(json::object{{"tenant", args[2]},
                                              {"rate", limit.rate},
                                              {"period_ms", limit.period_ms},
                                              {"burst", limit.burst}})
              << "\n";
    co_return 0;
  }
  co_return fail("unknown command; see `cartgate --help`");
}

}  // namespace

int run_admin(const Config& config, const std::vector<std::string>& args) {
  auto endpoint = redis::parse_endpoint(config.redis.url);
  if (!endpoint) return fail("redis.url is invalid");
  asio::io_context io(1);
  redis::ClientOptions options;
  options.endpoint = *endpoint;
  options.connect_timeout = config.redis.connect_timeout;
  options.command_timeout = config.redis.command_timeout;
  auto client = redis::Client::create(io.get_executor(), options);
  client->start();
  const redis::KeyLayout keys(config.redis.key_namespace);
  int code = 1;
  asio::co_spawn(io, run(*client, keys, args, config.redis.connect_timeout),
                 [&](const std::exception_ptr& e, int result) {
                   code = e ? 1 : result;
                   client->stop();
                 });
  io.run();
  return code;
}

}  // namespace cartgate
