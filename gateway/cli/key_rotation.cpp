#include "cli/key_rotation.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "embedded/hash_cas_lua.hpp"
#include "events/subscription.hpp"
#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "security/cipher.hpp"
#include "security/master_keys.hpp"
#include "store/store_record.hpp"

namespace cartgate {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

const redis::Script& hash_cas_script() {
  static const redis::Script script("hash_cas", std::string(embedded::hash_cas_lua));
  return script;
}

struct Tally {
  std::int64_t resealed = 0;
  std::int64_t current = 0;
  std::int64_t failed = 0;  // opens with no key: named on stderr
  std::map<std::string, std::int64_t> by_key;

  json::object to_json() const {
    json::object keys;
    for (const auto& [k, n] : by_key)
      keys[k] = n;
    return {{"resealed", resealed},
            {"current", current},
            {"unreadable", failed},
            {"by_key", std::move(keys)}};
  }
};

class Rotation {
 public:
  Rotation(redis::Client& redis, const redis::KeyLayout& keys, const security::Cipher& cipher,
           bool write)
      : redis_(redis), keys_(keys), cipher_(cipher), write_(write) {}

  // One secret: counted, and re-sealed under the active key when it is not already.
  // `replace(new_sealed)` writes it by compare-and-set; false when the value changed meanwhile.
  template <class Replace>
  asio::awaitable<void> visit(const std::string& sealed, const std::string& aad,
                              const std::string& what, Replace replace) {
    const std::string id(security::Cipher::key_id_of(sealed));
    const bool current = id == cipher_.keys().active().id;
    if (current || !write_) {
      ++tally_.by_key[id.empty() ? "none" : id];
      if (current) ++tally_.current;
      co_return;
    }
    auto resealed = cipher_.reseal(sealed, aad);
    if (!resealed) {
      ++tally_.failed;
      ++tally_.by_key[id.empty() ? "none" : id];
      std::cerr << "cartgate: " << what << " does not open with any configured key (" << id
                << ")\n";
      co_return;
    }
    if (co_await replace(*resealed)) {
      ++tally_.resealed;
      ++tally_.by_key[cipher_.keys().active().id];
    } else {
      // Changed while we worked: whoever changed it sealed it with their own active key.
      ++tally_.by_key["changed_meanwhile"];
    }
  }

  asio::awaitable<bool> cas(const std::string& hash, const std::string& field,
                            const std::string& expected, const std::string& value) {
    const std::string keys[] = {hash};
    const std::string args[] = {field, expected, value};
    auto r = co_await redis_.eval(hash_cas_script(), keys, args);
    if (auto ec = redis::failure_of(r)) throw std::runtime_error("Redis: " + ec.message());
    co_return r->as_integer().value_or(0) == 1;
  }

  asio::awaitable<void> tenant(const std::string& t) {
    auto members = co_await redis_.command("ZRANGE", keys_.tenant_stores(t), "0", "-1");
    if (auto ec = redis::failure_of(members)) throw std::runtime_error("Redis: " + ec.message());
    for (const auto& m : members->elements) {
      StoreRecord r;
      r.tenant = t;
      r.id = m.str.substr(m.str.find('|') + 1);
      const std::string hash = keys_.store(t, r.id);
      auto sealed = co_await redis_.command("HGET", hash, "credentials");
      if (auto ec = redis::failure_of(sealed)) throw std::runtime_error("Redis: " + ec.message());
      if (!sealed->is_string()) continue;  // deleted meanwhile
      const std::string old = sealed->str;
      co_await visit(old, credentials_associated_data(r), "store " + r.id,
                     [&](const std::string& fresh) -> asio::awaitable<bool> {
                       co_return co_await cas(hash, "credentials", old, fresh);
                     });
    }
    const std::string subs_key = keys_.subscriptions(t);
    auto subs = co_await redis_.command("HGETALL", subs_key);
    if (auto ec = redis::failure_of(subs)) throw std::runtime_error("Redis: " + ec.message());
    for (std::size_t i = 0; i + 1 < subs->elements.size(); i += 2) {
      const std::string id = subs->elements[i].str;
      const std::string old_text = subs->elements[i + 1].str;
      auto sub = events::subscription_from_json(old_text, t);
      if (!sub) continue;
      const std::string sealed = sub->sealed_secret;
      co_await visit(sealed, events::secret_associated_data(*sub), "subscription " + id,
                     [&](const std::string& fresh) -> asio::awaitable<bool> {
                       events::Subscription updated = *sub;
                       updated.sealed_secret = fresh;
                       co_return co_await cas(subs_key, id, old_text,
                                              json::serialize(events::to_json(updated)));
                     });
    }
  }

  const Tally& tally() const { return tally_; }

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
  const security::Cipher& cipher_;
  bool write_;
  Tally tally_;
};

asio::awaitable<int> rotate(redis::Client& redis, const redis::KeyLayout& keys,
                            const security::Cipher& cipher, bool write) {
  if (!co_await redis.wait_connected(std::chrono::seconds(5))) {
    std::cerr << "cartgate: cannot connect to Redis\n";
    co_return 1;
  }
  auto members = co_await redis.command("SMEMBERS", keys.tenants());
  if (auto ec = redis::failure_of(members)) {
    std::cerr << "cartgate: Redis: " << ec.message() << "\n";
    co_return 1;
  }
  std::vector<std::string> tenants;
  for (const auto& m : members->elements)
    tenants.push_back(m.str);
  std::sort(tenants.begin(), tenants.end());
  // Where an interrupted rotation to the same key stopped: "<key id>|<tenants done>".
  const std::string progress_key = keys.ns() + ":key_rotation";
  const std::string active = cipher.keys().active().id;
  std::size_t start = 0;
  if (write) {
    auto saved = co_await redis.command("GET", progress_key);
    if (saved && saved->is_string() && saved->str.starts_with(active + "|")) {
      start =
          std::min<std::size_t>(std::stoul(saved->str.substr(active.size() + 1)), tenants.size());
      if (start > 0) std::cerr << "cartgate: resuming after " << start << " tenants\n";
    }
  }
  Rotation rotation(redis, keys, cipher, write);
  for (std::size_t i = start; i < tenants.size(); ++i) {
    co_await rotation.tenant(tenants[i]);
    if (write) {
      co_await redis.command("SET", progress_key, active + "|" + std::to_string(i + 1), "EX",
                             std::to_string(7 * 86'400));
    }
    json::object line{{"tenant", tenants[i]},
                      {"done", i + 1},
                      {"of", tenants.size()},
                      {"so_far", rotation.tally().to_json()}};
    std::cerr << json::serialize(line) << "\n";
  }
  if (write) co_await redis.command("DEL", progress_key);
  const Tally& t = rotation.tally();
  json::object summary{
      {"active_key", active}, {"mode", write ? "rotate" : "status"}, {"tenants", tenants.size()}};
  for (auto& [k, v] : t.to_json())
    summary[k] = v;
  std::cout << json::serialize(summary) << "\n";
  if (t.failed > 0) co_return 3;
  co_return 0;
}

}  // namespace

int run_key_rotation(const Config& config, const std::vector<std::string>& args) {
  const bool write = args.size() > 1 && args[1] == "rotate";
  if (!write && !(args.size() > 1 && args[1] == "status")) {
    std::cerr << "usage: cartgate master-key rotate|status\n";
    return 2;
  }
  std::string error;
  auto master_keys = security::load_master_keys(process_env("CARTGATE_MASTER_KEY"),
                                                config.security.master_key_file, error);
  if (!master_keys) {
    std::cerr << "cartgate: " << error << "\n";
    return 2;
  }
  const security::Cipher cipher(*master_keys);
  auto endpoint = redis::parse_endpoint(config.redis.url);
  if (!endpoint) {
    std::cerr << "cartgate: redis.url is invalid\n";
    return 2;
  }
  asio::io_context io;
  redis::ClientOptions options;
  options.endpoint = *endpoint;
  options.connect_timeout = config.redis.connect_timeout;
  options.command_timeout = config.redis.command_timeout;
  auto client = redis::Client::create(io.get_executor(), options, {&hash_cas_script()});
  client->start();
  const redis::KeyLayout keys(config.redis.key_namespace);
  int code = 1;
  asio::co_spawn(io, rotate(*client, keys, cipher, write),
                 [&](const std::exception_ptr& e, int result) {
                   code = result;
                   if (e) {
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       std::cerr << "cartgate: key rotation stopped: " << ex.what()
                                 << " (run it again to resume)\n";
                     }
                     code = 1;
                   }
                   client->stop();
                 });
  io.run();
  return code;
}

}  // namespace cartgate
