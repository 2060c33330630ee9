#include "api/read_api.hpp"

#include <set>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/schema/json_text.hpp>

#include "api/read_request.hpp"
#include "api/store_reads.hpp"
#include "util/concurrently.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using outbound::Clock;

namespace {

// In a read of several stores, one store whose budget or platform asks for a longer wait than
// this is answered in `errors` (store_rate_limited, with its Retry-After) instead of holding
// up the answer of all the others.
constexpr std::chrono::milliseconds kFanOutStoreWait{2000};

Clock::time_point deadline_of(const CallContext& c) {
  return Clock::now() + c.services.config.outbound.request_timeout;
}

json::object error_entry(const std::string& store_id, const http::Problem& p) {
  json::object e{
      {"store_id", store_id}, {"status", p.status}, {"code", p.code}, {"detail", p.detail}};
  if (p.retry_after_seconds) e["retry_after_seconds"] = *p.retry_after_seconds;
  return e;
}

// A store's warning as the answer shows it: naming the store.
json::object of_store(json::object warning, const std::string& store_id) {
  warning["store_id"] = store_id;
  return warning;
}

// Every warning of one store's answer, naming the store.
void append_warnings(json::array& out, const json::array& warnings, const std::string& store_id) {
  for (const auto& w : warnings) {
    if (w.is_object()) out.push_back(of_store(w.as_object(), store_id));
  }
}

// The warnings of the records this answer holds, and once each the warnings about a store's
// scan as a whole (no record_id), each naming its store.
json::array warnings_of_delivered(const std::vector<Gathered>& gathered,
                                  const std::vector<StoreScan>& scans,
                                  const std::set<std::pair<std::string, std::string>>& delivered) {
  json::array out;
  for (std::size_t i = 0; i < gathered.size(); ++i) {
    std::set<std::string> store_wide;
    for (const auto& page : gathered[i].pages) {
      for (const auto& w : page.warnings) {
        const auto* o = w.if_object();
        if (o == nullptr) continue;
        const auto* id = o->if_contains("record_id");
        if (id == nullptr) {
          const auto* code = o->if_contains("code");
          if (code == nullptr || !code->is_string() ||
              !store_wide.emplace(code->get_string()).second) {
            continue;
          }
        } else if (!id->is_string() ||
                   !delivered.contains({scans[i].store_id, std::string(id->get_string())})) {
          continue;
        }
        out.push_back(of_store(*o, scans[i].store_id));
      }
    }
  }
  return out;
}

json::value select_fields(json::value item, const std::vector<std::string>& fields) {
  if (fields.empty() || !item.is_object()) return item;
  json::object out(item.storage());
  auto& o = item.as_object();
  for (const char* always : {"id", "store_id"}) {
    if (auto* v = o.if_contains(always)) out[always] = *v;
  }
  for (const auto& f : fields) {
    if (auto* v = o.if_contains(f)) out[f] = std::move(*v);
  }
  return out;
}

// One record of a list answer, as JSON text: written straight from the entity, or, when the
// request names fields, through a document that keeps only those (and id, store_id).
void append_record(std::string& text, const EntityData& entity,
                   const std::vector<std::string>& fields, const json::storage_ptr& sp) {
  if (fields.empty()) {
    append_json(text, entity);
    return;
  }
  text += json::serialize(select_fields(json::value_from(entity, sp), fields));
}

// The merge order across stores: creation time, then store, then id.
struct MergeKey {
  Timestamp created_at;
  std::string_view store_id, id;
  friend bool operator<(const MergeKey& a, const MergeKey& b) {
    return std::tie(a.created_at, a.store_id, a.id) < std::tie(b.created_at, b.store_id, b.id);
  }
};

// One record of a gathered page: the entity and the platform object it came from (may be null).
struct Record {
  const EntityData* entity;
  json::value* raw;
};

// One store's gathered records as a flat sequence, positioned at its scan's skip.
struct Sequence {
  std::vector<Record> records;
  std::size_t position = 0;
};

Sequence flatten(Gathered& g, std::int64_t skip) {
  Sequence s;
  for (auto& page : g.pages) {
    for (std::size_t i = 0; i < page.entities.size(); ++i) {
      s.records.push_back({&page.entities[i], i < page.raw.size() ? &page.raw[i] : nullptr});
    }
  }
  s.position = static_cast<std::size_t>(
      std::min<std::int64_t>(skip, static_cast<std::int64_t>(s.records.size())));
  return s;
}

// Where the scan stands after `position` records of what was gathered have been consumed.
void advance(StoreScan& scan, const Gathered& g, std::size_t position) {
  std::size_t start = 0;
  for (const auto& page : g.pages) {
    if (position < start + page.entities.size()) {
      scan.token = page.token;
      scan.skip = static_cast<std::int64_t>(position - start);
      return;
    }
    start += page.entities.size();
  }
  scan.skip = 0;
  if (g.end) {
    scan.done = true;
    scan.token.clear();
  } else {
    scan.token = g.next_token;
  }
}

asio::awaitable<Outcome> list(CallContext& c, Entity entity) {
  auto request = parse_read_request(c, entity, ReadVerb::list);
  if (!request) co_return request.error();
  auto targets = co_await resolve_stores(c, *request);
  if (!targets) co_return targets.error();
  const bool fan_out = request->fan_out;
  if (fan_out) c.store_wait_limit = kFanOutStoreWait;

  // Each target's scan: fresh, or where the cursor left it (stores deleted since are gone).
  std::vector<StoreScan> scans;
  for (const auto& t : *targets) {
    StoreScan scan{t.record.id, "", 0, false};
    if (request->scans) {
      for (const auto& s : *request->scans) {
        if (s.store_id == t.record.id) scan = s;
      }
    }
    scans.push_back(std::move(scan));
  }

  const auto deadline = deadline_of(c);
  std::vector<Gathered> gathered(targets->size());
  co_await util::for_each_concurrently(
      targets->size(), [&](std::size_t i) -> asio::awaitable<void> {
        if (scans[i].done) {
          gathered[i].end = true;
          co_return;
        }
        gathered[i] =
            co_await gather(c, (*targets)[i], request->query, scans[i], request->limit, deadline);
      });

  json::array errors;
  bool failed_any = false;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    if (!gathered[i].problem) continue;
    if (!fan_out) co_return std::move(*gathered[i].problem);
    errors.push_back(error_entry(scans[i].store_id, *gathered[i].problem));
    // A platform that cannot do this never will: its part of the scan is over.
    if (gathered[i].problem->status == 422) {
      scans[i].done = true;
    } else {
      failed_any = true;
    }
  }

  // k-way merge: each store's own scan order is kept, so what is consumed from a store is
  // always a prefix of its sequence and the cursor can resume it exactly.
  std::vector<Sequence> sequences;
  for (std::size_t i = 0; i < targets->size(); ++i) {
    sequences.push_back(flatten(gathered[i], scans[i].skip));
  }
  // The records are written straight from the entities as text (the bulk of the answer); the
  // raw platform objects, already parsed into the request's arena, move into the answer.
  const json::storage_ptr& sp = c.arena;
  std::string text;
  // A record is a few KB of JSON (an order with lines and two addresses ~3 KB): room for the
  // page at once instead of copying it over as it doubles.
  text.reserve(1024 + static_cast<std::size_t>(request->limit) * 3072);
  text += "{\"data\":[";
  json::array raw(sp);
  std::int64_t written = 0;
  std::set<std::pair<std::string, std::string>> delivered;  // (store, record id)
  while (written < request->limit) {
    std::optional<std::size_t> best;
    MergeKey best_key;
    for (std::size_t i = 0; i < sequences.size(); ++i) {
      const auto& s = sequences[i];
      if (gathered[i].problem || s.position >= s.records.size()) continue;
      const EntityHeader& h = header_of(*s.records[s.position].entity);
      MergeKey key{h.created_at, scans[i].store_id, h.id};
      if (!best || key < best_key) {
        best = i;
        best_key = key;
      }
    }
    if (!best) break;
    auto& s = sequences[*best];
    const Record record = s.records[s.position++];
    delivered.emplace(scans[*best].store_id, header_of(*record.entity).id);
    if (request->include_raw) raw.push_back(record.raw ? std::move(*record.raw) : json::value());
    if (written++ > 0) text += ',';
    append_record(text, *record.entity, request->fields, sp);
  }
  text += ']';
  for (std::size_t i = 0; i < targets->size(); ++i) {
    if (!gathered[i].problem && !scans[i].done)
      advance(scans[i], gathered[i], sequences[i].position);
  }

  bool more = false;
  for (const auto& s : scans)
    more = more || !s.done;
  // Stores that failed keep their place in the cursor; when nothing else came back, has_more
  // is false so a client does not spin, and the cursor can still resume them later.
  const bool has_more = more && !(failed_any && written == 0);
  json::object pagination({{"has_more", has_more}}, sp);
  pagination["next_cursor"] =
      more ? json::value(encode_list_cursor(c, *request, scans)) : json::value(nullptr);
  // Members in the order the document had: data, pagination, raw, errors, warnings.
  const auto member = [&text](std::string_view key, const auto& value) {
    text += ",\"";
    text += key;
    text += "\":";
    text += json::serialize(value);
  };
  member("pagination", pagination);
  if (request->include_raw) member("raw", raw);
  if (fan_out) member("errors", errors);
  if (auto warnings = warnings_of_delivered(gathered, scans, delivered); !warnings.empty()) {
    member("warnings", warnings);
  }
  text += '}';
  co_return Success{200, nullptr, std::move(text)};
}

asio::awaitable<Outcome> count(CallContext& c, Entity entity) {
  auto request = parse_read_request(c, entity, ReadVerb::count);
  if (!request) co_return request.error();
  auto targets = co_await resolve_stores(c, *request);
  if (!targets) co_return targets.error();
  const bool fan_out = request->fan_out;
  if (fan_out) c.store_wait_limit = kFanOutStoreWait;
  const auto deadline = deadline_of(c);
  std::vector<StoreAnswer<CountAnswer>> results(targets->size());
  co_await util::for_each_concurrently(
      targets->size(), [&](std::size_t i) -> asio::awaitable<void> {
        results[i] = co_await read_count(c, (*targets)[i], request->query, deadline);
      });
  std::int64_t total = 0;
  json::array errors, warnings;
  for (std::size_t i = 0; i < results.size(); ++i) {
    if (auto* p = std::get_if<http::Problem>(&results[i])) {
      if (!fan_out) co_return std::move(*p);
      errors.push_back(error_entry((*targets)[i].record.id, *p));
      continue;
    }
    const auto& answer = std::get<CountAnswer>(results[i]);
    total += answer.count;
    append_warnings(warnings, answer.warnings, (*targets)[i].record.id);
  }
  json::object body{{"data", json::object{{"count", total}}}};
  if (fan_out) body["errors"] = std::move(errors);
  if (!warnings.empty()) body["warnings"] = std::move(warnings);
  co_return Success{200, std::move(body)};
}

asio::awaitable<Outcome> info(CallContext& c, Entity entity) {
  auto request = parse_read_request(c, entity, ReadVerb::info);
  if (!request) co_return request.error();
  auto targets = co_await resolve_stores(c, *request);
  if (!targets) co_return targets.error();
  auto result = co_await read_info(c, targets->front(), request->query, deadline_of(c));
  if (auto* p = std::get_if<http::Problem>(&result)) co_return std::move(*p);
  auto& answer = std::get<InfoAnswer>(result);
  json::array warnings;
  append_warnings(warnings, answer.warnings, targets->front().record.id);
  json::object body{{"data", std::move(answer.item)}};
  if (request->include_raw) body["raw"] = std::move(answer.raw);
  if (!warnings.empty()) body["warnings"] = std::move(warnings);
  co_return Success{200, std::move(body)};
}

}  // namespace

asio::awaitable<Outcome> order_list(CallContext& c) {
  return list(c, Entity::order);
}
asio::awaitable<Outcome> order_info(CallContext& c) {
  return info(c, Entity::order);
}
asio::awaitable<Outcome> order_count(CallContext& c) {
  return count(c, Entity::order);
}
asio::awaitable<Outcome> customer_list(CallContext& c) {
  return list(c, Entity::customer);
}
asio::awaitable<Outcome> customer_info(CallContext& c) {
  return info(c, Entity::customer);
}
asio::awaitable<Outcome> customer_count(CallContext& c) {
  return count(c, Entity::customer);
}
asio::awaitable<Outcome> product_list(CallContext& c) {
  return list(c, Entity::product);
}
asio::awaitable<Outcome> product_info(CallContext& c) {
  return info(c, Entity::product);
}
asio::awaitable<Outcome> product_count(CallContext& c) {
  return count(c, Entity::product);
}
asio::awaitable<Outcome> cart_list(CallContext& c) {
  return list(c, Entity::cart);
}
asio::awaitable<Outcome> cart_info(CallContext& c) {
  return info(c, Entity::cart);
}

}  // namespace cartgate::api
