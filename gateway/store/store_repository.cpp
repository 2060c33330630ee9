#include "store/store_repository.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "embedded/store_insert_lua.hpp"
#include "embedded/store_update_lua.hpp"

namespace cartgate {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

const redis::Script& store_insert_script() {
  static const redis::Script script("store_insert", std::string(embedded::store_insert_lua));
  return script;
}

const redis::Script& store_update_script() {
  static const redis::Script script("store_update", std::string(embedded::store_update_lua));
  return script;
}

namespace {

std::string settings_text(const std::map<std::string, std::string>& settings) {
  json::object o;
  for (const auto& [k, v] : settings)
    o[k] = v;
  return json::serialize(o);
}

std::map<std::string, std::string> settings_from(std::string_view text) {
  std::map<std::string, std::string> out;
  error_code ec;
  auto jv = json::parse(text, ec);
  if (ec || !jv.is_object()) return out;
  for (const auto& [k, v] : jv.get_object()) {
    if (v.is_string()) out.emplace(std::string(k), std::string(v.get_string()));
  }
  return out;
}

std::optional<StoreRecord> from_hash(const redis::Reply& r, const std::string& tenant) {
  if (r.type != redis::Reply::Type::array || r.elements.empty()) return std::nullopt;
  StoreRecord rec;
  rec.tenant = tenant;
  for (std::size_t i = 0; i + 1 < r.elements.size(); i += 2) {
    const std::string& k = r.elements[i].str;
    const std::string& v = r.elements[i + 1].str;
    if (k == "id")
      rec.id = v;
    else if (k == "platform")
      rec.platform = v;
    else if (k == "name")
      rec.name = v;
    else if (k == "base_url")
      rec.base_url = v;
    else if (k == "credentials")
      rec.sealed_credentials = v;
    else if (k == "settings")
      rec.settings = settings_from(v);
    else if (k == "status")
      rec.status = v;
    else if (k == "created_at")
      rec.created_at = v;
    else if (k == "updated_at")
      rec.updated_at = v;
    else if (k == "index_member")
      rec.index_member = v;
  }
  if (rec.id.empty()) return std::nullopt;
  return rec;
}

}  // namespace

std::vector<std::string> StoreRepository::hset_args(const StoreRecord& r) const {
  return {"id",          r.id,
          "platform",    r.platform,
          "name",        r.name,
          "base_url",    r.base_url,
          "credentials", r.sealed_credentials,
          "settings",    settings_text(r.settings),
          "status",      r.status,
          "created_at",  r.created_at,
          "updated_at",  r.updated_at};
}

// result<bool> cannot be built from an error_code implicitly (bool converts from it too).
StoreRepository::Result<bool> failed(error_code ec) {
  return {boost::system::in_place_error, ec};
}

asio::awaitable<StoreRepository::Result<bool>> StoreRepository::insert(StoreRecord& record,
                                                                       std::int64_t max_stores) {
  const std::string keys[] = {keys_.store(record.tenant, record.id),
                              keys_.tenant_stores(record.tenant),
                              keys_.tenant_store_seq(record.tenant)};
  std::vector<std::string> args{std::to_string(max_stores), record.id};
  const auto fields = hset_args(record);
  args.insert(args.end(), fields.begin(), fields.end());
  // The owner key lives in the store's own slot (the ingest endpoint knows only the store id),
  // so it cannot join the tenant-slot script; it is written first, and an owner without a
  // record (a crash in between) reads as "no such store" everywhere.
  auto owner = co_await redis_.command("SET", keys_.store_owner(record.id), record.tenant);
  if (auto ec = redis::failure_of(owner)) co_return failed(ec);
  auto r = co_await redis_.eval(store_insert_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return failed(ec);
  if (r->as_integer() == 0) {
    co_await redis_.command("DEL", keys_.store_owner(record.id));
    co_return false;
  }
  if (!r->is_string()) co_return failed(redis::errc::unexpected_reply);
  record.index_member = r->str;
  // Due now: the first poll records the store's starting point.
  auto scheduled = co_await redis_.command("ZADD", keys_.poll_schedule(), "0",
                                           poll_member(record.tenant, record.id));
  if (auto ec = redis::failure_of(scheduled)) co_return failed(ec);
  co_return true;
}

asio::awaitable<StoreRepository::Result<std::optional<std::string>>> StoreRepository::owner_of(
    std::string id) {
  auto owner = co_await redis_.command("GET", keys_.store_owner(id));
  if (auto ec = redis::failure_of(owner)) co_return ec;
  if (!owner->is_string()) co_return std::optional<std::string>{};
  co_return std::optional<std::string>(std::move(owner->str));
}

asio::awaitable<StoreRepository::Result<std::optional<StoreRecord>>> StoreRepository::get_by_id(
    std::string id) {
  auto owner = co_await owner_of(id);
  if (!owner) co_return owner.error();
  if (!*owner) co_return std::optional<StoreRecord>{};
  co_return co_await get(std::move(**owner), std::move(id));
}

asio::awaitable<StoreRepository::Result<std::optional<StoreRecord>>> StoreRepository::get(
    std::string tenant, std::string id) {
  auto r = co_await redis_.command("HGETALL", keys_.store(tenant, id));
  if (auto ec = redis::failure_of(r)) co_return ec;
  co_return from_hash(*r, tenant);
}

asio::awaitable<StoreRepository::Result<std::optional<StoreRecord>>> StoreRepository::get_recent(
    std::string tenant, std::string id) {
  if (recent_ == nullptr) co_return co_await get(std::move(tenant), std::move(id));
  // Another tenant's id is not served from here: it falls through to Redis, which has no such
  // store under this tenant.
  if (auto known = recent_->find(id); known && known->tenant == tenant) co_return known;
  const std::uint64_t generation = recent_->generation();
  auto found = co_await get(std::move(tenant), std::move(id));
  if (found && *found) recent_->remember(**found, generation);
  co_return found;
}

asio::awaitable<StoreRepository::Result<std::optional<StoreRecord>>>
StoreRepository::get_recent_by_id(std::string id) {
  if (recent_ != nullptr) {
    if (auto known = recent_->find(id)) co_return known;
  }
  // The owner key never changes for a store id: only the record behind it is kept.
  auto owner = co_await owner_of(id);
  if (!owner) co_return owner.error();
  if (!*owner) co_return std::optional<StoreRecord>{};
  co_return co_await get_recent(std::move(**owner), std::move(id));
}

asio::awaitable<StoreRepository::Result<StorePage>> StoreRepository::list(std::string tenant,
                                                                          std::string after,
                                                                          std::size_t limit) {
  const std::string start = after.empty() ? std::string("-") : "(" + after;
  auto members = co_await redis_.command("ZRANGEBYLEX", keys_.tenant_stores(tenant), start, "+",
                                         "LIMIT", "0", std::to_string(limit + 1));
  if (auto ec = redis::failure_of(members)) co_return ec;
  StorePage page;
  auto& found = members->elements;
  if (found.size() > limit) {
    found.resize(limit);
    page.next_after = found.back().str;
  }
  std::vector<std::vector<std::string>> reads;
  for (const auto& m : found) {
    const auto bar = m.str.find('|');
    if (bar == std::string::npos) continue;
    reads.push_back({"HGETALL", keys_.store(tenant, m.str.substr(bar + 1))});
  }
  for (const auto& r : co_await redis_.pipeline(std::move(reads))) {
    if (auto ec = redis::failure_of(r)) co_return ec;
    // A store deleted between the two reads is skipped, not an error.
    if (auto rec = from_hash(*r, tenant)) page.stores.push_back(std::move(*rec));
  }
  co_return page;
}

asio::awaitable<StoreRepository::Result<bool>> StoreRepository::update(const StoreRecord& record) {
  const std::string keys[] = {keys_.store(record.tenant, record.id)};
  const auto args = hset_args(record);
  forget_recent(record.id);
  auto r = co_await redis_.eval(store_update_script(), keys, args);
  forget_recent(record.id);
  if (auto ec = redis::failure_of(r)) co_return Result<bool>(boost::system::in_place_error, ec);
  co_return r->as_integer().value_or(0) == 1;
}

asio::awaitable<StoreRepository::Result<void>> StoreRepository::remove(const StoreRecord& record) {
  std::vector<std::vector<std::string>> tx;
  tx.push_back({"MULTI"});
  tx.push_back({"DEL", keys_.store(record.tenant, record.id)});
  tx.push_back({"ZREM", keys_.tenant_stores(record.tenant), record.index_member});
  tx.push_back({"EXEC"});
  forget_recent(record.id);
  auto removed = co_await redis_.pipeline(std::move(tx));
  forget_recent(record.id);
  for (const auto& r : removed) {
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  std::vector<std::vector<std::string>> cleanup;
  cleanup.push_back({"ZREM", keys_.poll_schedule(), poll_member(record.tenant, record.id)});
  cleanup.push_back({"DEL", keys_.store_owner(record.id), keys_.poll_checkpoints(record.id)});
  for (const auto& r : co_await redis_.pipeline(std::move(cleanup))) {
    if (auto ec = redis::failure_of(r)) co_return ec;
  }
  co_return Result<void>{};
}

// Before a write (no read that raced it is kept) and after it (nor one that read the old
// record in between): see RecentStores::generation.
void StoreRepository::forget_recent(std::string_view id) {
  if (recent_ != nullptr) recent_->forget(id);
}

std::string poll_member(std::string_view tenant, std::string_view store_id) {
  std::string out(tenant);
  out.append("|").append(store_id);
  return out;
}

}  // namespace cartgate
