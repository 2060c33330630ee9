#include "api/store_api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/crypto.hpp>

#include "api/destination_check.hpp"
#include "api/store_reads.hpp"
#include "api/store_view.hpp"
#include "events/cart_index.hpp"
#include "events/cart_tracker.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"
#include "store/store_credentials.hpp"
#include "store/store_url.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::invalid_parameter;
using Credentials = std::map<std::string, std::string>;

namespace {

constexpr std::size_t kMaxSecret = 4096;
constexpr std::size_t kMaxSetting = 1024;

// The store's base URL from `url` or the platform's store reference (shop, store_hash), held
// to the platform's shape. Where its host resolves is checked last (resolved_store_url), after
// every check that needs no I/O.
ApiResult<std::string> store_url_param(const CallContext& c, const Manifest& m) {
  const auto& rule = m.store_address;
  auto url_text = c.params.string("url", 2048);
  if (!url_text) return url_text.error();
  std::optional<std::string> ref;
  if (!rule.ref_name.empty()) {
    auto given = c.params.string(rule.ref_name, 255);
    if (!given) return given.error();
    ref = std::move(*given);
  }
  auto url = normalize_store_url(rule, *url_text, ref, c.services.config.outbound.allow_http != 0);
  if (auto* refused = std::get_if<StoreUrlRejected>(&url)) {
    if (refused->code == "invalid_parameter") return invalid_parameter(refused->detail);
    return http::bad_request(refused->code, refused->detail);
  }
  return std::get<std::string>(std::move(url));
}

// The outbound policy on the store's host, before anything is stored or sent.
asio::awaitable<std::optional<http::Problem>> refuse_store_host(CallContext& c, const Manifest& m,
                                                                const std::string& url) {
  const std::string& ref = m.store_address.ref_name;
  // Not a conditional expression: `cond ? ref : "url"` is a temporary std::string, and a view
  // of it would dangle.
  std::string_view parameter = "url";
  if (!ref.empty() && c.params.has(ref)) parameter = ref;
  co_return co_await refuse_destination(c, url, parameter);
}

// Checks names against the manifest and the required ones for presence.
std::optional<http::Problem> check_credentials(const Manifest& m, const Credentials& creds) {
  for (const auto& [name, value] : creds) {
    bool known = false;
    for (const auto& f : m.credentials)
      known = known || f.name == name;
    if (!known) {
      return invalid_parameter("Platform '" + m.platform + "' has no credential '" + name + "'.");
    }
  }
  for (const auto& f : m.credentials) {
    auto it = creds.find(f.name);
    if (f.required && (it == creds.end() || it->second.empty())) {
      return invalid_parameter("Credential '" + f.name + "' is required for platform '" +
                               m.platform + "'.");
    }
  }
  return std::nullopt;
}

// Settings the gateway itself reads for any platform: the outbound budget of platforms that
// publish no limit of their own, and the store's own cart abandonment window.
bool is_gateway_setting(const std::string& name, const std::string& value) {
  if (name == "abandon_after_minutes") return events::abandon_minutes(value).has_value();
  if (name != "rate_limit_per_second" && name != "rate_limit_burst") return false;
  double v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  return ec == std::errc() && p == value.data() + value.size() && v > 0 && v <= 100'000;
}

std::optional<http::Problem> check_settings(const Manifest& m, const Credentials& settings) {
  for (const auto& [name, value] : settings) {
    bool known = is_gateway_setting(name, value);
    for (const auto& s : m.settings)
      known = known || s == name;
    if (!known) {
      if (name == "rate_limit_per_second" || name == "rate_limit_burst") {
        return invalid_parameter("Setting '" + name +
                                 "' must be a number above 0 and at most 100000.");
      }
      if (name == "abandon_after_minutes") {
        return invalid_parameter(
            "Setting 'abandon_after_minutes' must be a whole number of "
            "minutes from 1 to 43200 (30 days).");
      }
      return invalid_parameter("Platform '" + m.platform + "' has no setting '" + name + "'.");
    }
  }
  return std::nullopt;
}

// A platform that signs webhooks with a secret the registrant chooses (WooCommerce) gets one
// made here when the caller has none: the gateway registers the webhooks itself.
void add_webhook_secret(const Manifest& m, Credentials& creds) {
  const bool chooses_secret =
      std::any_of(m.credentials.begin(), m.credentials.end(),
                  [](const CredentialField& f) { return f.name == "webhook_secret"; });
  if (chooses_secret && !creds.contains("webhook_secret")) {
    creds["webhook_secret"] = sdk::base64url_encode(sdk::random_bytes(32));
  }
}

std::string seal(const CallContext& c, const StoreRecord& r, const Credentials& creds) {
  json::object o;
  for (const auto& [k, v] : creds)
    o[k] = v;
  return c.services.cipher.seal(json::serialize(o), credentials_associated_data(r));
}

const Manifest* manifest_of(const CallContext& c, const std::string& platform) {
  const Connector* connector = c.services.connectors.find(platform);
  return connector ? &connector->manifest() : nullptr;
}

json::object single(json::object data) {
  return json::object{{"data", std::move(data)}};
}

http::Problem store_not_found(const std::string& id) {
  return http::not_found("store_not_found", "No store '" + id + "'.");
}

// Loads the store named by the required store_id parameter.
asio::awaitable<ApiResult<StoreRecord>> load_store(CallContext& c) {
  auto id = c.params.required_string("store_id", 64);
  if (!id) co_return id.error();
  auto found = co_await c.services.stores.get(c.tenant, *id);
  if (!found) co_return storage_unavailable(c, found.error());
  if (!*found) co_return store_not_found(*id);
  co_return std::move(**found);
}

}  // namespace

std::optional<Credentials> open_credentials(const CallContext& c, const StoreRecord& r) {
  return open_store_credentials(c.services.cipher, r);
}

asio::awaitable<Outcome> store_add(CallContext& c) {
  const Params& p = c.params;
  auto verify = p.boolean("verify", true);
  if (!verify) co_return verify.error();
  auto platform = p.required_string("platform", 64);
  if (!platform) co_return platform.error();
  const Manifest* manifest = manifest_of(c, *platform);
  if (manifest == nullptr) {
    std::string known;
    for (const auto& name : c.services.connectors.platforms()) {
      known += (known.empty() ? "" : ", ") + name;
    }
    co_return http::bad_request("unknown_platform",
                                "Platform '" + *platform + "' is not available on this gateway" +
                                    (known.empty() ? "." : " (available: " + known + ")."));
  }
  if (auto e = p.only({"platform", "name", "url", "credentials", "settings", "verify"},
                      manifest->store_address.ref_name)) {
    co_return *e;
  }
  auto url = store_url_param(c, *manifest);
  if (!url) co_return url.error();
  auto name = p.string("name", 200);
  if (!name) co_return name.error();
  auto creds = p.string_map("credentials", kMaxSecret);
  if (!creds) co_return creds.error();
  if (!*creds) co_return invalid_parameter("Parameter 'credentials' is required.");
  if (auto e = check_credentials(*manifest, **creds)) co_return *e;
  auto settings = p.string_map("settings", kMaxSetting);
  if (!settings) co_return settings.error();
  if (*settings) {
    if (auto e = check_settings(*manifest, **settings)) co_return *e;
  }

  StoreRecord r;
  r.id = new_store_id();
  r.tenant = c.tenant;
  r.platform = *platform;
  r.base_url = *url;
  r.name = (*name && !(*name)->empty()) ? **name : std::string(boost::urls::url_view(*url).host());
  r.settings = *settings ? **settings : Credentials{};
  r.created_at = r.updated_at = util::now_rfc3339();
  if (auto problem = co_await refuse_store_host(c, *manifest, r.base_url)) {
    co_return std::move(*problem);
  }
  if (*verify) {
    // One cheap authenticated call: a store with wrong credentials or an unreachable URL is
    // refused now, not discovered on the first read.
    if (auto problem = co_await probe_store(c, r, **creds)) co_return std::move(*problem);
  }
  add_webhook_secret(*manifest, **creds);
  r.sealed_credentials = seal(c, r, **creds);
  const std::int64_t cap = c.services.config.tenants.max_stores;
  auto inserted = co_await c.services.stores.insert(r, cap);
  if (!inserted) co_return storage_unavailable(c, inserted.error());
  if (!*inserted) {
    co_return http::Problem{409, "store_limit_reached", "Store limit reached",
                            "A tenant has at most " + std::to_string(cap) +
                                " stores on this gateway; delete one or ask the operator."};
  }
  log::info("store added", {{"store_id", r.id},
                            {"tenant", r.tenant},
                            {"platform", r.platform},
                            {"request_id", c.request.request_id}});
  co_return Success{201, single(store_view(r, manifest, **creds))};
}

asio::awaitable<Outcome> store_list(CallContext& c) {
  const Params& p = c.params;
  if (auto e = p.only({"limit", "cursor"})) co_return *e;
  auto limit = p.integer("limit", 1, 250, 50);
  if (!limit) co_return limit.error();
  auto cursor = p.string("cursor", 4096);
  if (!cursor) co_return cursor.error();
  std::string after;
  if (*cursor) {
    auto state = c.services.cursors.decode(c.tenant, "store.list", **cursor);
    const json::value* member =
        state && state->is_object() ? state->as_object().if_contains("after") : nullptr;
    if (member == nullptr || !member->is_string()) {
      co_return http::bad_request("invalid_cursor",
                                  "The cursor is not one this gateway issued for store.list.");
    }
    after = member->get_string();
  }
  auto page = co_await c.services.stores.list(c.tenant, after, static_cast<std::size_t>(*limit));
  if (!page) co_return storage_unavailable(c, page.error());
  json::array data;
  for (const auto& r : page->stores) {
    data.push_back(store_view(r, manifest_of(c, r.platform), open_credentials(c, r)));
  }
  json::value next = nullptr;
  if (page->next_after) {
    next = c.services.cursors.encode(c.tenant, "store.list",
                                     json::object{{"after", *page->next_after}});
  }
  const bool has_more = page->next_after.has_value();
  co_return Success{
      200,
      json::object{{"data", std::move(data)},
                   {"pagination", json::object{{"next_cursor", next}, {"has_more", has_more}}}}};
}

asio::awaitable<Outcome> store_info(CallContext& c) {
  if (auto e = c.params.only({"store_id"})) co_return *e;
  auto r = co_await load_store(c);
  if (!r) co_return r.error();
  co_return Success{200,
                    single(store_view(*r, manifest_of(c, r->platform), open_credentials(c, *r)))};
}

namespace {

// Patches merge: given names replace, an empty string removes, absent names stay.
void merge(Credentials& into, const Credentials& patch) {
  for (const auto& [k, v] : patch) {
    if (v.empty()) {
      into.erase(k);
    } else {
      into[k] = v;
    }
  }
}

// A store that moves (its URL, and so its shop, store hash or site) takes only credentials
// given with the move: the stored ones were issued for the old address and must never be
// sent to the new one. The new address passes the same checks as store.add.
asio::awaitable<std::optional<http::Problem>> move_store(CallContext& c, const Manifest& m,
                                                         StoreRecord& r, std::string url,
                                                         Credentials& creds) {
  auto given = c.params.string_map("credentials", kMaxSecret);
  if (!given) co_return given.error();
  if (!*given) {
    co_return http::bad_request(
        "credentials_required",
        "Changing a store's URL needs its credentials for the new address in 'credentials' "
        "(the stored ones are never sent to a new address).");
  }
  Credentials fresh;
  merge(fresh, **given);
  if (auto e = check_credentials(m, fresh)) co_return *e;
  auto verify = c.params.boolean("verify", true);
  if (!verify) co_return verify.error();
  if (auto problem = co_await refuse_store_host(c, m, url)) co_return std::move(*problem);
  r.base_url = std::move(url);
  if (*verify) {
    if (auto problem = co_await probe_store(c, r, fresh)) co_return std::move(*problem);
  }
  add_webhook_secret(m, fresh);
  creds = std::move(fresh);
  co_return std::nullopt;
}

}  // namespace

asio::awaitable<Outcome> store_update(CallContext& c) {
  const Params& p = c.params;
  auto name = p.string("name", 200);
  if (!name) co_return name.error();
  auto status = p.string("status", 16);
  if (!status) co_return status.error();
  if (*status && **status != "active" && **status != "disabled") {
    co_return invalid_parameter("Parameter 'status' must be 'active' or 'disabled'.");
  }
  auto creds_patch = p.string_map("credentials", kMaxSecret);
  if (!creds_patch) co_return creds_patch.error();
  auto settings_patch = p.string_map("settings", kMaxSetting);
  if (!settings_patch) co_return settings_patch.error();

  auto loaded = co_await load_store(c);
  if (!loaded) co_return loaded.error();
  StoreRecord r = std::move(*loaded);
  const Manifest* manifest = manifest_of(c, r.platform);
  if (manifest == nullptr) {
    co_return http::service_unavailable(
        "connector_unavailable",
        "The '" + r.platform + "' connector is not loaded on this gateway.");
  }
  const std::string& ref_name = manifest->store_address.ref_name;
  if (auto e = p.only({"store_id", "name", "url", "credentials", "settings", "status", "verify"},
                      ref_name)) {
    co_return *e;
  }
  auto creds = open_credentials(c, r);
  if (!creds) {
    co_return http::service_unavailable("credentials_unreadable",
                                        "The store's credentials cannot be decrypted; contact "
                                        "the gateway operator.");
  }
  if (*settings_patch) {
    if (auto e = check_settings(*manifest, **settings_patch)) co_return *e;
    merge(r.settings, **settings_patch);
  }
  const bool moves_asked = p.has("url") || (!ref_name.empty() && p.has(ref_name));
  std::optional<std::string> moved_to;
  if (moves_asked) {
    auto url = store_url_param(c, *manifest);
    if (!url) co_return url.error();
    if (*url != r.base_url) moved_to = std::move(*url);
  }
  const bool moved = moved_to.has_value();
  if (moved) {
    if (auto e = co_await move_store(c, *manifest, r, std::move(*moved_to), *creds)) {
      co_return std::move(*e);
    }
  } else if (p.has("verify")) {
    co_return invalid_parameter("Parameter 'verify' applies only when the store's URL changes.");
  } else if (*creds_patch) {
    merge(*creds, **creds_patch);
    if (auto e = check_credentials(*manifest, *creds)) co_return *e;
  }
  if (*name && !(*name)->empty()) r.name = **name;
  if (*status) r.status = **status;
  r.sealed_credentials = seal(c, r, *creds);
  r.updated_at = util::now_rfc3339();
  auto updated = co_await c.services.stores.update(r);
  if (!updated) co_return storage_unavailable(c, updated.error());
  if (!*updated) co_return store_not_found(r.id);
  if (moved) {
    log::info("store moved to a new address",
              {{"store_id", r.id}, {"tenant", r.tenant}, {"request_id", c.request.request_id}});
  }
  co_return Success{200, single(store_view(r, manifest, *creds))};
}

namespace {

// The platform stops delivering to a store that is going away. Best effort and bounded: the
// ingest endpoint answers 404 for a deleted store anyway, and a store that cannot be reached
// must still be deletable.
asio::awaitable<void> clear_platform_webhooks(CallContext& c, const StoreRecord& record) {
  if (c.services.config.events.public_url.empty()) co_return;
  Call call;
  call.kind = CallKind::webhooks_clear;
  call.params = json::object{};
  const auto budget = std::min<std::chrono::milliseconds>(
      c.services.config.outbound.request_timeout, std::chrono::seconds(10));
  auto cleared =
      co_await outbound::call_store_record(c.services.store_calls(), record, call,
                                           outbound::Lane::live, outbound::Clock::now() + budget);
  if (const auto* e = std::get_if<ConnectorError>(&cleared);
      e != nullptr && e->kind != ConnectorErrorKind::unsupported) {
    log::warn("platform webhooks not removed", {{"store_id", record.id}, {"error", e->message}});
  }
}

}  // namespace

asio::awaitable<Outcome> store_delete(CallContext& c) {
  if (auto e = c.params.only({"store_id"})) co_return *e;
  auto r = co_await load_store(c);
  if (!r) co_return r.error();
  co_await clear_platform_webhooks(c, *r);
  auto removed = co_await c.services.stores.remove(*r);
  if (!removed) co_return storage_unavailable(c, removed.error());
  // The store is gone; its indexed carts would only expire in 30 days.
  events::CartIndex carts(c.services.redis, c.services.keys, c.services.config.events);
  if (auto dropped = co_await carts.drop_store(r->tenant, r->id); !dropped) {
    log::warn("indexed carts of a deleted store not removed; they expire on their own",
              {{"store_id", r->id}, {"error", dropped.error().message()}});
  }
  log::info("store deleted",
            {{"store_id", r->id}, {"tenant", r->tenant}, {"request_id", c.request.request_id}});
  co_return Success{200, single(json::object{{"id", r->id}, {"deleted", true}})};
}

}  // namespace cartgate::api
