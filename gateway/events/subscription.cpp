#include "events/subscription.hpp"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/value_from.hpp>

#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/fields.hpp>

namespace cartgate::events {

namespace json = boost::json;

std::string new_subscription_id() {
  return "wh_" + sdk::hex_encode(sdk::random_bytes(10));
}

std::string new_signing_secret() {
  return "whsec_" + sdk::base64_encode(sdk::random_bytes(24));
}

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

std::vector<std::string> strings_from(const json::value* v) {
  std::vector<std::string> out;
  if (v == nullptr || !v->is_array()) return out;
  for (const auto& e : v->get_array()) {
    if (e.is_string()) out.emplace_back(e.get_string());
  }
  return out;
}

}  // namespace

json::object to_json(const Subscription& s) {
  return json::object{{"id", s.id},
                      {"url", s.url},
                      {"event_types", json::value_from(s.event_types)},
                      {"store_ids", json::value_from(s.store_ids)},
                      {"secret", s.sealed_secret},
                      {"status", s.status},
                      {"paused_reason", s.paused_reason},
                      {"created_at", s.created_at},
                      {"timeout_ms", s.timeout_ms},
                      {"max_concurrency", s.max_concurrency},
                      {"description", s.description}};
}

std::optional<Subscription> subscription_from_json(std::string_view text_in, std::string tenant) {
  boost::system::error_code ec;
  auto jv = json::parse(text_in, ec);
  if (ec || !jv.is_object()) return std::nullopt;
  const sdk::Fields f(&jv, "subscription");
  Subscription s;
  s.tenant = std::move(tenant);
  s.id = f.text("id").value_or("");
  s.url = f.text("url").value_or("");
  s.event_types = strings_from(f.find("event_types"));
  s.store_ids = strings_from(f.find("store_ids"));
  s.sealed_secret = f.text("secret").value_or("");
  s.status = f.text("status").value_or("");
  s.paused_reason = f.text("paused_reason").value_or("");
  s.created_at = f.text("created_at").value_or("");
  s.timeout_ms = f.integer("timeout_ms").value_or(0);
  s.max_concurrency = f.integer("max_concurrency").value_or(0);
  s.description = f.text("description").value_or("");
  if (s.id.empty() || s.url.empty()) return std::nullopt;
  return s;
}

}  // namespace cartgate::events
