#include "events/subscription.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::events {

namespace json = boost::json;

std::string new_subscription_id() { return "wh_" + sdk::hex_encode(sdk::random_bytes(10)); }

std::string new_signing_secret() { return "whsec_" + sdk::base64_encode(sdk::random_bytes(24)); }

std::string secret_associated_data(const Subscription& s) {
  return "subscription:" + s.tenant + ":" + s.id;
}

std::optional<std::string_view> suppression(const Subscription& s, std::string_view event_type,
                                            std::string_view store_id) {
  const auto has = [](const std::vector<std::string>& list, std::string_view v) {
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  if (!has(s.store_ids, store_id) || !has(s.event_types, event_type)) return "filtered";
  if (s.status != "active") return "subscription_paused";
  return std::nullopt;
}

namespace {

json::array strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v)
    out.emplace_back(s);
  return out;
}

std::vector<std::string> strings_from(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& e : v->get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

std::string text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::int64_t integer(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? v->get_int64() : 0;
}

}  // namespace

json::object to_json(const Subscription& s) {
  return json::object{{"id", s.id},
                      {"url", s.url},
                      {"event_types", strings(s.event_types)},
                      {"store_ids", strings(s.store_ids)},
                      {"secret", s.sealed_secret},
                      {"status", s.status},
                      {"paused_reason", s.paused_reason},
                      {"created_at", s.created_at},
                      {"timeout_ms", s.timeout_ms},
                      {"max_concurrency", s.max_concurrency},
                      {"abandon_after_ms", s.abandon_after_ms},
                      {"description", s.description}};
}

std::optional<Subscription> subscription_from_json(std::string_view text_in, std::string tenant) {
  boost::system::error_code ec;
  auto jv = json::parse(text_in, ec);
  if (ec || !jv.is_object()) return std::nullopt;
  const auto& o = jv.get_object();
  Subscription s;
  s.tenant = std::move(tenant);
  s.id = text(o, "id");
  s.url = text(o, "url");
  s.event_types = strings_from(o.if_contains("event_types"));
  s.store_ids = strings_from(o.if_contains("store_ids"));
  s.sealed_secret = text(o, "secret");
  s.status = text(o, "status");
  s.paused_reason = text(o, "paused_reason");
  s.created_at = text(o, "created_at");
  s.timeout_ms = integer(o, "timeout_ms");
  s.max_concurrency = integer(o, "max_concurrency");
  s.abandon_after_ms = integer(o, "abandon_after_ms");
  s.description = text(o, "description");
  if (s.id.empty() || s.url.empty()) return std::nullopt;
  return s;
}

}  // namespace cartgate::events
