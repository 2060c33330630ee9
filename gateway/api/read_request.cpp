#include "api/read_request.hpp"

#include <boost/json/value.hpp>

#include <cartgate/schema/identity.hpp>

namespace cartgate::api {

namespace json = boost::json;
using http::invalid_parameter;

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    std::string item(text.substr(0, comma));
    if (!item.empty()) out.push_back(std::move(item));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

namespace {

ApiResult<std::optional<Timestamp>> time_param(const Params& p, std::string_view name) {
  auto text = p.string(name, 64);
  if (!text) return text.error();
  if (!*text) return std::optional<Timestamp>{};
  auto t = parse_rfc3339(**text);
  if (!t) {
    return invalid_parameter("Parameter '" + std::string(name) +
                             "' must be an RFC 3339 date-time, e.g. 2026-11-22T08:31:38Z.");
  }
  return std::optional<Timestamp>(*t);
}

template <class E>
std::optional<http::Problem> check_enum_list(std::string_view name, const std::string& value) {
  const auto items = split_list(value);
  if (items.empty()) return invalid_parameter("Parameter '" + std::string(name) + "' is empty.");
  for (const auto& item : items) {
    if (!enum_from_name<E>(item)) {
      std::string detail = "Parameter '";
      detail.append(name).append("': '").append(item).append("' is not one of ");
      for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
        if (i > 0) detail += ", ";
        detail += EnumNames<E>::names[i];
      }
      detail += ".";
      return invalid_parameter(std::move(detail));
    }
  }
  return std::nullopt;
}

// The query's filters from the parameters an entity knows.
std::optional<http::Problem> read_filters(const Params& p, Entity entity, ReadQuery& q) {
  for (auto name : {"status", "email", "sku", "abandoned"}) {
    auto v = p.string(name, 256);
    if (!v) return v.error();
    if (!*v) continue;
    const std::string_view n = name;
    const bool known = (n == "status" && entity != Entity::customer && entity != Entity::cart) ||
                       (n == "email" && entity != Entity::product) ||
                       (n == "sku" && entity == Entity::product) ||
                       (n == "abandoned" && entity == Entity::cart);
    if (!known) {
      return http::bad_request("unknown_parameter", "Unknown parameter '" + std::string(n) +
                                                        "' for " + std::string(enum_name(entity)) +
                                                        "s.");
    }
    std::string value = **v;
    if (n == "status") {
      auto e = entity == Entity::order ? check_enum_list<OrderStatus>(n, value)
                                       : check_enum_list<ProductStatus>(n, value);
      if (e) return e;
    } else if (n == "email") {
      auto normalized = normalize_email(value);
      if (!normalized) return invalid_parameter("Parameter 'email' is empty.");
      value = *normalized;
    } else if (n == "abandoned" && value != "true" && value != "false") {
      return invalid_parameter("Parameter 'abandoned' must be true or false.");
    }
    q.filters.emplace(std::string(n), std::move(value));
  }
  return std::nullopt;
}

json::object query_json(const ReadQuery& q) {
  json::object o;
  const auto put = [&](const char* key, const std::optional<Timestamp>& t) {
    if (t) o[key] = format_rfc3339(*t);
  };
  put("created_from", q.created_from);
  put("created_to", q.created_to);
  put("modified_from", q.modified_from);
  put("modified_to", q.modified_to);
  json::object filters;
  for (const auto& [k, v] : q.filters)
    filters[k] = v;
  o["filters"] = std::move(filters);
  return o;
}

bool query_from_json(const json::value& v, ReadQuery& q) {
  const auto* o = v.if_object();
  if (o == nullptr) return false;
  for (auto [key, slot] :
       {std::pair{"created_from", &q.created_from}, std::pair{"created_to", &q.created_to},
        std::pair{"modified_from", &q.modified_from}, std::pair{"modified_to", &q.modified_to}}) {
    if (const auto* t = o->if_contains(key)) {
      if (!t->is_string()) return false;
      *slot = parse_rfc3339(t->get_string());
      if (!*slot) return false;
    }
  }
  const auto* filters = o->if_contains("filters");
  if (filters == nullptr || !filters->is_object()) return false;
  for (const auto& [k, f] : filters->get_object()) {
    if (!f.is_string()) return false;
    q.filters.emplace(std::string(k), std::string(f.get_string()));
  }
  return true;
}

std::optional<std::vector<StoreScan>> scans_from_json(const json::value& v) {
  const auto* a = v.if_array();
  if (a == nullptr || a->empty() || a->size() > kMaxFanOut) return std::nullopt;
  std::vector<StoreScan> out;
  for (const auto& item : *a) {
    const auto* o = item.if_object();
    if (o == nullptr) return std::nullopt;
    const auto* id = o->if_contains("store_id");
    const auto* token = o->if_contains("token");
    const auto* skip = o->if_contains("skip");
    const auto* done = o->if_contains("done");
    if (id == nullptr || !id->is_string() || token == nullptr || !token->is_string() ||
        skip == nullptr || !skip->is_int64() || skip->get_int64() < 0 || done == nullptr ||
        !done->is_bool()) {
      return std::nullopt;
    }
    out.push_back({std::string(id->get_string()), std::string(token->get_string()),
                   skip->get_int64(), done->get_bool()});
  }
  return out;
}

}  // namespace

ApiResult<ReadRequest> parse_read_request(const CallContext& c, Entity entity, ReadVerb verb) {
  const Params& p = c.params;
  ReadRequest r;
  r.method = std::string(enum_name(entity)) + "." + std::string(enum_name(verb));
  r.query.entity = entity;
  r.query.verb = verb;

  if (verb == ReadVerb::info) {
    if (auto e = p.only({"store_id", "id", "include"})) return *e;
    auto id = p.required_string("id", 128);
    if (!id) return id.error();
    r.query.id = *id;
  } else if (verb == ReadVerb::list && p.has("cursor")) {
    if (auto e = p.only({"cursor", "limit", "fields", "include"})) {
      return http::bad_request("cursor_with_query",
                               "A cursor carries its query: send only cursor, limit, fields and "
                               "include with it.");
    }
    auto cursor = p.required_string("cursor", 16384);
    if (!cursor) return cursor.error();
    auto state = c.services.cursors.decode(c.tenant, r.method, *cursor);
    const json::object* o = state ? state->if_object() : nullptr;
    std::optional<std::vector<StoreScan>> scans;
    if (o != nullptr && o->contains("scans")) scans = scans_from_json(o->at("scans"));
    if (o == nullptr || !scans || !o->contains("query") ||
        !query_from_json(o->at("query"), r.query)) {
      return http::bad_request("invalid_cursor",
                               "The cursor is malformed, altered or belongs to another method.");
    }
    for (const auto& s : *scans)
      r.store_ids.push_back(s.store_id);
    r.scans = std::move(scans);
    const json::value* fan_out = o->if_contains("fan_out");
    r.fan_out = fan_out != nullptr && fan_out->is_bool() && fan_out->get_bool();
  } else {
    if (verb == ReadVerb::list) {
      if (auto e =
              p.only({"store_id", "limit", "cursor", "created_from", "created_to", "modified_from",
                      "modified_to", "status", "email", "sku", "abandoned", "fields", "include"})) {
        return *e;
      }
    } else if (auto e = p.only({"store_id", "created_from", "created_to", "modified_from",
                                "modified_to", "status", "email", "sku", "abandoned"})) {
      return *e;
    }
    for (auto [name, slot] : {std::pair{"created_from", &r.query.created_from},
                              std::pair{"created_to", &r.query.created_to},
                              std::pair{"modified_from", &r.query.modified_from},
                              std::pair{"modified_to", &r.query.modified_to}}) {
      auto t = time_param(p, name);
      if (!t) return t.error();
      *slot = *t;
    }
    if (r.query.created_from && r.query.created_to &&
        *r.query.created_from >= *r.query.created_to) {
      return invalid_parameter("created_from must be earlier than created_to.");
    }
    if (r.query.modified_from && r.query.modified_to &&
        *r.query.modified_from >= *r.query.modified_to) {
      return invalid_parameter("modified_from must be earlier than modified_to.");
    }
    if (auto e = read_filters(p, entity, r.query)) return *e;
  }

  if (!r.scans) {
    auto stores = p.required_string("store_id", 4096);
    if (!stores) return stores.error();
    if (*stores == "all") {
      r.all_stores = true;
    } else {
      r.store_ids = split_list(*stores);
      if (r.store_ids.empty() || r.store_ids.size() > kMaxFanOut) {
        return invalid_parameter("Parameter 'store_id' takes one store id, a comma list of up to " +
                                 std::to_string(kMaxFanOut) + " ids, or 'all'.");
      }
      if (verb == ReadVerb::info && r.store_ids.size() != 1) {
        return invalid_parameter("Parameter 'store_id' must name one store for " + r.method + ".");
      }
    }
    r.fan_out = r.all_stores || r.store_ids.size() > 1;
    if (verb == ReadVerb::info && r.all_stores) {
      return invalid_parameter("Parameter 'store_id' must name one store for " + r.method + ".");
    }
  }

  if (verb == ReadVerb::list) {
    auto limit = p.integer("limit", 1, kMaxLimit, 50);
    if (!limit) return limit.error();
    r.limit = *limit;
    auto fields = p.string("fields", 1024);
    if (!fields) return fields.error();
    if (*fields) r.fields = split_list(**fields);
  }
  if (verb != ReadVerb::count) {
    auto include = p.string("include", 64);
    if (!include) return include.error();
    if (*include) {
      if (**include != "raw") return invalid_parameter("Parameter 'include' takes only 'raw'.");
      r.include_raw = true;
    }
  }
  return r;
}

std::string encode_list_cursor(const CallContext& c, const ReadRequest& r,
                               const std::vector<StoreScan>& scans) {
  json::array state;
  for (const auto& s : scans) {
    state.push_back(json::object{
        {"store_id", s.store_id}, {"token", s.token}, {"skip", s.skip}, {"done", s.done}});
  }
  return c.services.cursors.encode(
      c.tenant, r.method,
      json::object{{"query", query_json(r.query)}, {"scans", std::move(state)}});
}

}  // namespace cartgate::api
