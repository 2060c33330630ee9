#include "api/capabilities_api.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

template <class E>
json::array names(const std::vector<E>& values) {
  json::array out;
  for (const auto& v : values)
    out.emplace_back(enum_name(v));
  return out;
}

json::object capabilities(const Manifest& m) {
  json::array entities;
  for (const auto& e : m.entities) {
    json::array filters;
    for (const auto& f : e.filters)
      filters.emplace_back(f);
    entities.push_back(json::object{{"entity", enum_name(e.entity)},
                                    {"verbs", names(e.verbs)},
                                    {"filters", std::move(filters)},
                                    {"date_bounds", names(e.date_bounds)},
                                    {"note", e.note}});
  }
  json::array events;
  for (const auto& e : m.events) {
    events.push_back(json::object{
        {"type", enum_name(e.type)}, {"delivery", enum_name(e.delivery)}, {"note", e.note}});
  }
  json::array writes;
  for (const auto& w : m.writes) {
    json::array fields;
    for (const auto& f : w.fields)
      fields.emplace_back(f);
    writes.push_back(
        json::object{{"operation", w.operation}, {"fields", std::move(fields)}, {"note", w.note}});
  }
  json::array credentials;
  for (const auto& c : m.credentials) {
    credentials.push_back(json::object{{"name", c.name},
                                       {"secret", c.secret},
                                       {"required", c.required},
                                       {"description", c.description}});
  }
  json::array settings;
  for (const auto& s : m.settings)
    settings.emplace_back(s);
  settings.emplace_back("rate_limit_per_second");
  settings.emplace_back("rate_limit_burst");
  return json::object{
      {"platform", m.platform},
      {"display_name", m.display_name},
      {"connector_version", m.connector_version},
      {"entities", std::move(entities)},
      {"events", std::move(events)},
      {"writes", std::move(writes)},
      {"credentials", std::move(credentials)},
      {"settings", std::move(settings)},
      {"rate_limit", json::object{{"model", enum_name(m.rate_limit.model)},
                                  {"capacity", m.rate_limit.capacity},
                                  {"refill_per_second", m.rate_limit.refill_per_second},
                                  {"window_ms", m.rate_limit.window_ms}}},
      {"webhook_signature", enum_name(m.webhook_signature)},
      {"max_page_size", m.max_page_size},
  };
}

}  // namespace

asio::awaitable<Outcome> store_capabilities(CallContext& c) {
  const Params& p = c.params;
  if (auto e = p.only({"store_id", "platform"})) co_return *e;
  auto store_id = p.string("store_id", 64);
  if (!store_id) co_return store_id.error();
  auto platform = p.string("platform", 64);
  if (!platform) co_return platform.error();
  if (*store_id && *platform) {
    co_return http::invalid_parameter("Give store_id or platform, not both.");
  }
  std::string wanted;
  if (*store_id) {
    auto found = co_await c.services.stores.get(c.tenant, **store_id);
    if (!found) co_return storage_unavailable(c, found.error());
    if (!*found) co_return http::not_found("store_not_found", "No store '" + **store_id + "'.");
    wanted = (*found)->platform;
  } else if (*platform) {
    wanted = **platform;
  }
  if (wanted.empty()) {
    json::array all;
    for (const auto& name : c.services.connectors.platforms()) {
      all.push_back(capabilities(c.services.connectors.find(name)->manifest()));
    }
    co_return Success{200, json::object{{"data", std::move(all)}}};
  }
  const Connector* connector = c.services.connectors.find(wanted);
  if (connector == nullptr) {
    co_return http::bad_request("unknown_platform",
                                "Platform '" + wanted + "' is not available on this gateway.");
  }
  co_return Success{200, json::object{{"data", capabilities(connector->manifest())}}};
}

}  // namespace cartgate::api
