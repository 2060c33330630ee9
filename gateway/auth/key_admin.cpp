#include "auth/key_admin.hpp"

#include <chrono>

#include <cartgate/schema/time.hpp>

#include "util/unix_ms.hpp"

namespace cartgate::auth {

namespace asio = boost::asio;
using boost::system::error_code;
using boost::system::result;

asio::awaitable<result<NewApiKey>> KeyAdmin::create(std::string tenant, std::string name) {
  const NewApiKey key = generate_api_key();
  std::vector<std::vector<std::string>> commands;
  commands.push_back({"SADD", keys_.tenants(), tenant});
  commands.push_back({"HSETNX", keys_.tenant(tenant), "created_at", util::now_rfc3339()});
  commands.push_back({"SADD", keys_.tenant_keys(tenant), key.key_id});
  std::vector<std::string> record{"HSET",        keys_.api_key(key.key_id),
                                  "secret_hash", key.secret_hash,
                                  "tenant",      tenant,
                                  "name",        name,
                                  "created_at",  util::now_rfc3339()};
  // The tenant's own limit, if it has one, is copied onto the key (see set_limit).
  auto limit = co_await redis_.command("HMGET", keys_.tenant(tenant), "rate", "period_ms", "burst");
  if (auto ec = redis::failure_of(limit)) co_return ec;
  if (limit->elements.size() == 3 && limit->elements[0].is_string()) {
    const char* names[] = {"rate", "period_ms", "burst"};
    for (std::size_t i = 0; i < 3; ++i) {
      record.emplace_back(names[i]);
      record.push_back(limit->elements[i].str);
    }
  }
  commands.push_back(std::move(record));
  for (const auto& r : co_await redis_.pipeline(std::move(commands))) {
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  co_return key;
}

asio::awaitable<result<bool>> KeyAdmin::revoke(std::string key_id) {
  // result<bool> cannot take an error_code implicitly (bool is constructible from it).
  using boost::system::in_place_error;
  if (!is_valid_key_id(key_id)) co_return false;
  auto exists = co_await redis_.command("EXISTS", keys_.api_key(key_id));
  if (auto ec = redis::failure_of(exists)) co_return result<bool>(in_place_error, ec);
  if (exists->as_integer().value_or(0) == 0) co_return false;
  auto r =
      co_await redis_.command("HSET", keys_.api_key(key_id), "revoked_at", util::now_rfc3339());
  if (auto ec = redis::failure_of(r)) co_return result<bool>(in_place_error, ec);
  co_return true;
}

asio::awaitable<result<boost::json::array>> KeyAdmin::list(std::string tenant) {
  auto ids = co_await redis_.command("SMEMBERS", keys_.tenant_keys(tenant));
  if (auto ec = redis::failure_of(ids)) co_return ec;
  boost::json::array out;
  for (const auto& id : ids->elements) {
    auto rec =
        co_await redis_.command("HMGET", keys_.api_key(id.str), "name", "created_at", "revoked_at");
    if (auto ec = redis::failure_of(rec)) co_return ec;
    const auto field = [&](std::size_t i) -> boost::json::value {
      const auto& e = rec->elements.at(i);
      return e.is_string() ? boost::json::value(e.str) : boost::json::value(nullptr);
    };
    out.push_back(boost::json::object{{"key_id", id.str},
                                      {"name", field(0)},
                                      {"created_at", field(1)},
                                      {"revoked_at", field(2)}});
  }
  co_return out;
}

asio::awaitable<result<void>> KeyAdmin::set_limit(std::string tenant, TenantLimit limit) {
  const std::string rate = std::to_string(limit.rate);
  const std::string period = std::to_string(limit.period_ms);
  const std::string burst = std::to_string(limit.burst);
  std::vector<std::vector<std::string>> commands;
  commands.push_back({"SADD", keys_.tenants(), tenant});
  commands.push_back(
      {"HSET", keys_.tenant(tenant), "rate", rate, "period_ms", period, "burst", burst});
  auto ids = co_await redis_.command("SMEMBERS", keys_.tenant_keys(tenant));
  if (auto ec = redis::failure_of(ids)) co_return ec;
  for (const auto& id : ids->elements) {
    commands.push_back(
        {"HSET", keys_.api_key(id.str), "rate", rate, "period_ms", period, "burst", burst});
  }
  for (const auto& r : co_await redis_.pipeline(std::move(commands))) {
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  co_return boost::system::result<void>{};
}

}  // namespace cartgate::auth
