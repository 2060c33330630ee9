#include "api/store_reads.hpp"

#include <algorithm>

#include <boost/json/value_to.hpp>

#include <cartgate/schema/json.hpp>

#include "api/cart_reads.hpp"
#include "api/connector_problem.hpp"
#include "api/record_window.hpp"
#include "api/store_api.hpp"
#include "log/logger.hpp"
#include "outbound/store_call.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// A connector that breaks its contract is the operator's to hear about, with where it
// happened; the caller gets 502 connector_failed.
void log_connector_failure(const CallContext& c, const StoreRecord& record,
                           const std::string& what) {
  log::error("connector failed", {{"platform", record.platform},
                                  {"store_id", record.id},
                                  {"request_id", c.request.request_id},
                                  {"error", what}});
}

constexpr int kMaxPagesPerGather = 20;
constexpr auto kFollowUpPageBudget = std::chrono::seconds(3);

http::Problem store_not_found(const std::string& id) {
  return http::not_found("store_not_found", "No store '" + id + "'.");
}

}  // namespace

asio::awaitable<ApiResult<std::vector<StoreTarget>>> resolve_stores(CallContext& c,
                                                                    const ReadRequest& r) {
  std::vector<StoreRecord> records;
  if (r.all_stores) {
    auto page = co_await c.services.stores.list(c.tenant, "", kMaxFanOut + 1);
    if (!page) co_return storage_unavailable(c, page.error());
    if (page->stores.size() > kMaxFanOut) {
      co_return http::bad_request("too_many_stores",
                                  "The tenant has more than " + std::to_string(kMaxFanOut) +
                                      " stores; name up to that many in 'store_id'.");
    }
    records = std::move(page->stores);
  } else {
    for (const auto& id : r.store_ids) {
      if (std::count(r.store_ids.begin(), r.store_ids.end(), id) > 1) {
        co_return http::invalid_parameter("Store '" + id + "' is named twice.");
      }
      auto found = co_await c.services.stores.get_recent(c.tenant, id);
      if (!found) co_return storage_unavailable(c, found.error());
      if (!*found) {
        // A store deleted while a cursor was being paged has simply left the scan.
        if (r.scans) continue;
        co_return store_not_found(id);
      }
      records.push_back(std::move(**found));
    }
  }
  std::vector<StoreTarget> out;
  for (auto& record : records) {
    const Connector* connector = c.services.connectors.find(record.platform);
    if (connector == nullptr && !r.all_stores) {
      co_return http::service_unavailable(
          "connector_unavailable", "Store '" + record.id + "' is on platform '" + record.platform +
                                       "', whose connector is not loaded in this gateway.");
    }
    out.push_back(StoreTarget{std::move(record), connector});
  }
  co_return out;
}

std::optional<http::Problem> check_capability(const StoreTarget& t, const ReadQuery& q) {
  const std::string what = std::string(enum_name(q.entity)) + "." + std::string(enum_name(q.verb));
  if (t.connector == nullptr) {
    return http::Problem{
        503, "connector_unavailable", "Connector unavailable",
        "The connector for platform '" + t.record.platform + "' is not loaded in this gateway."};
  }
  if (t.record.status != "active") {
    return http::Problem{409, "store_disabled", "Store disabled",
                         "Store '" + t.record.id + "' is disabled."};
  }
  const Manifest& m = t.connector->manifest();
  const EntityCapability* cap = capability_for(m, q.entity);
  if (cap == nullptr ||
      std::find(cap->verbs.begin(), cap->verbs.end(), q.verb) == cap->verbs.end()) {
    std::string detail = m.display_name + " cannot answer " + what + ".";
    if (cap != nullptr && !cap->note.empty()) detail += " " + cap->note;
    return http::Problem{422, "not_supported_by_platform", "Not supported by the platform", detail};
  }
  // A list leaves these out of the call and applies them itself (gather); a count cannot.
  if (auto bound = first_unapplied_bound(q, *cap)) {
    return http::Problem{422, "unsupported_filter", "Filter not supported by the platform",
                         m.display_name + " cannot count " + std::string(enum_name(q.entity)) +
                             "s by '" + std::string(enum_name(*bound)) + "'; " +
                             std::string(enum_name(q.entity)) +
                             ".list applies it to the records it returns."};
  }
  for (const auto& [name, value] : q.filters) {
    if (std::find(cap->filters.begin(), cap->filters.end(), name) == cap->filters.end()) {
      return http::Problem{422, "unsupported_filter", "Filter not supported by the platform",
                           m.display_name + " cannot filter " + std::string(enum_name(q.entity)) +
                               "s by '" + name + "'."};
    }
  }
  return std::nullopt;
}

namespace {

// Runs one read call against the store: the connector's result, not yet checked, or a
// problem. With `entities`, a list read asks for its records as schema entities
// (Call::typed_items): a connector that answers so leaves them there and "items" empty.
asio::awaitable<std::variant<json::value, http::Problem>> call_store(
    CallContext& c, const StoreTarget& t, const ReadQuery& q, outbound::Clock::time_point deadline,
    std::vector<EntityData>* entities = nullptr) {
  const bool indexed_carts = q.entity == Entity::cart && t.connector != nullptr &&
                             lists_carts_from_index(t.connector->manifest());
  if (indexed_carts && q.verb == ReadVerb::list) co_return co_await list_indexed_carts(c, t, q);
  if (auto p = check_capability(t, q)) co_return *p;
  auto store = outbound::open_store_context(c.services.cipher, t.record);
  if (!store) {
    co_return http::Problem{
        503, "credentials_unreadable", "Store credentials unreadable",
        "Store '" + t.record.id + "' has credentials this gateway cannot decrypt (master key)."};
  }
  Call call;
  call.kind = CallKind::read;
  call.read = q;
  call.storage = c.arena;
  call.typed_items = entities != nullptr && q.verb == ReadVerb::list;
  auto result = co_await outbound::run_store_call(
      c.services.store_calls(), t.record, *t.connector, *store, call, outbound::Lane::live,
      deadline, call.typed_items ? entities : nullptr, c.store_wait_limit);
  if (auto* e = std::get_if<ConnectorError>(&result)) {
    if (e->kind == ConnectorErrorKind::not_found && q.entity == Entity::cart &&
        q.verb == ReadVerb::info) {
      // Bought (BigCommerce) or never readable (Shopify carts by token): the last snapshot.
      if (auto known = co_await indexed_cart(c, t, q.id)) co_return std::move(*known);
    }
    co_return connector_problem(*e, t.record.id);
  }
  co_return std::move(std::get<json::value>(result));
}

// 502 connector_failed for a result without the shape of `verb`'s answer, logged with where.
http::Problem malformed_result(const CallContext& c, const StoreTarget& t, ReadVerb verb) {
  log_connector_failure(
      c, t.record, "a result without the shape of a " + std::string(enum_name(verb)) + " answer");
  return http::Problem{502, "connector_failed", "Connector failed",
                       "The " + t.record.platform + " connector returned a malformed result."};
}

// An array member of a result, moved out with the storage it was built in (the page's arena):
// assigning into an array of other storage would copy it node by node. Empty when absent.
json::array take_array(json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? json::array(std::move(v->get_array())) : json::array();
}

}  // namespace

asio::awaitable<StoreAnswer<CountAnswer>> read_count(CallContext& c, const StoreTarget& t,
                                                     const ReadQuery& q,
                                                     outbound::Clock::time_point deadline) {
  auto result = co_await call_store(c, t, q, deadline);
  if (auto* p = std::get_if<http::Problem>(&result)) co_return std::move(*p);
  auto* o = std::get<json::value>(result).if_object();
  const auto* count = o != nullptr ? o->if_contains("count") : nullptr;
  if (count == nullptr || !count->is_int64()) co_return malformed_result(c, t, q.verb);
  co_return CountAnswer{count->get_int64(), take_array(*o, "warnings")};
}

asio::awaitable<StoreAnswer<InfoAnswer>> read_info(CallContext& c, const StoreTarget& t,
                                                   const ReadQuery& q,
                                                   outbound::Clock::time_point deadline) {
  auto result = co_await call_store(c, t, q, deadline);
  if (auto* p = std::get_if<http::Problem>(&result)) co_return std::move(*p);
  auto* o = std::get<json::value>(result).if_object();
  auto* item = o != nullptr ? o->if_contains("item") : nullptr;
  if (item == nullptr || !item->is_object()) co_return malformed_result(c, t, q.verb);
  InfoAnswer answer{std::move(*item), nullptr, take_array(*o, "warnings")};
  if (auto* raw = o->if_contains("raw")) answer.raw = std::move(*raw);
  co_return answer;
}

asio::awaitable<std::optional<http::Problem>> probe_store(
    CallContext& c, StoreRecord& record, const std::map<std::string, std::string>& credentials) {
  const Connector* connector = c.services.connectors.find(record.platform);
  if (connector == nullptr) co_return std::nullopt;
  // The credentials are not saved yet (store.add probes before it writes), so the context is
  // built from them directly rather than opened from the record.
  const StoreContext store{record.id, record.base_url, credentials, record.settings};
  Call call;
  call.kind = CallKind::probe;
  auto result = co_await outbound::run_store_call(
      c.services.store_calls(), record, *connector, store, call, outbound::Lane::live,
      outbound::Clock::now() + c.services.config.outbound.request_timeout);
  const auto* e = std::get_if<ConnectorError>(&result);
  if (e == nullptr) {
    // What the probe found out about the store (how its host takes the keys) becomes its
    // settings; only settings the connector declares.
    const auto* answer = std::get<json::value>(result).if_object();
    const auto* learned = answer != nullptr ? answer->if_contains("settings") : nullptr;
    if (learned != nullptr && learned->is_object()) {
      const auto& declared = connector->manifest().settings;
      for (const auto& [key, value] : learned->as_object()) {
        if (!value.is_string() ||
            std::find(declared.begin(), declared.end(), key) == declared.end()) {
          continue;
        }
        record.settings[std::string(key)] = std::string(value.get_string());
      }
    }
    co_return std::nullopt;
  }
  const std::string hint = " Nothing was stored (send verify=false to add it unchecked).";
  if (e->kind == ConnectorErrorKind::address_forbidden) {
    // Checked before the probe too; this is DNS that changed between the check and the connect.
    co_return http::bad_request("address_forbidden", e->message + hint);
  }
  if (e->kind == ConnectorErrorKind::bad_credentials || e->kind == ConnectorErrorKind::forbidden) {
    co_return http::Problem{422, "store_credentials_rejected", "Store refused the credentials",
                            e->message + hint};
  }
  co_return http::Problem{502, "store_unreachable", "Store could not be checked",
                          e->message + hint};
}

namespace {

template <class T>
boost::system::error_code read_entity(const json::value& item, std::vector<EntityData>& out) {
  auto r = json::try_value_to<T>(item);
  if (!r) return r.error();
  out.emplace_back(std::move(*r));
  return {};
}

}  // namespace

std::optional<http::Problem> read_entities(const json::array& items, Entity entity,
                                           const std::string& platform,
                                           std::vector<EntityData>& entities) {
  entities.reserve(entities.size() + items.size());
  for (const auto& item : items) {
    boost::system::error_code ec;
    switch (entity) {
      case Entity::order:
        ec = read_entity<Order>(item, entities);
        break;
      case Entity::customer:
        ec = read_entity<Customer>(item, entities);
        break;
      case Entity::product:
        ec = read_entity<Product>(item, entities);
        break;
      case Entity::cart:
        ec = read_entity<Cart>(item, entities);
        break;
    }
    if (ec) {
      return http::Problem{502, "connector_failed", "Connector failed",
                           "The " + platform + " connector returned a record that is not a " +
                               "valid schema v1 " + std::string(enum_name(entity)) + " (" +
                               ec.message() + ")."};
    }
  }
  return std::nullopt;
}

asio::awaitable<Gathered> gather(CallContext& c, const StoreTarget& t, ReadQuery q,
                                 const StoreScan& scan, std::int64_t want,
                                 outbound::Clock::time_point deadline) {
  Gathered g;
  // Bounds the platform cannot apply are applied here, to each page as it comes back; the
  // scan's positions (skip) count the records kept, so a cursor resumes the same way.
  RecordWindow window;
  if (const EntityCapability* cap =
          t.connector != nullptr ? capability_for(t.connector->manifest(), q.entity) : nullptr) {
    window = take_unapplied_bounds(q, *cap);
  }
  const std::int64_t needed = scan.skip + want;
  const int max_page = std::max(1, t.connector ? t.connector->manifest().max_page_size : 1);
  std::int64_t collected = 0;
  std::string token = scan.token;
  for (int page = 0; page < kMaxPagesPerGather && collected < needed; ++page) {
    q.page_token = token;
    q.page_size = static_cast<int>(std::min<std::int64_t>(max_page, needed - collected));
    // Once records are in hand, a further page gets only a short budget: a store whose rate
    // limit cannot serve the whole `limit` in time answers with fewer records and a cursor,
    // not with a late failure that throws away what was read.
    const auto page_deadline =
        collected > scan.skip ? std::min(deadline, outbound::Clock::now() + kFollowUpPageBudget)
                              : deadline;
    std::vector<EntityData> entities;
    auto result = co_await call_store(c, t, q, page_deadline, &entities);
    if (auto* p = std::get_if<http::Problem>(&result)) {
      if (collected > scan.skip && (p->status == 429 || p->status == 502)) break;
      g.problem = std::move(*p);
      co_return g;
    }
    auto* o = std::get<json::value>(result).if_object();
    const auto* items = o != nullptr ? o->if_contains("items") : nullptr;
    if (items == nullptr || !items->is_array()) {
      g.problem = malformed_result(c, t, q.verb);
      co_return g;
    }
    if (auto problem =
            read_entities(take_array(*o, "items"), q.entity, t.record.platform, entities)) {
      log_connector_failure(c, t.record, problem->detail);
      g.problem = std::move(*problem);
      co_return g;
    }
    GatheredPage gp{token, std::move(entities), take_array(*o, "raw"), take_array(*o, "warnings")};
    keep_within(window, gp.entities, gp.raw);
    collected += static_cast<std::int64_t>(gp.entities.size());
    g.pages.push_back(std::move(gp));
    const json::value* next = o->if_contains("next_page_token");
    if (next == nullptr || !next->is_string()) {
      g.end = true;
      co_return g;
    }
    token = std::string(next->get_string());
  }
  g.next_token = token;
  co_return g;
}

}  // namespace cartgate::api
