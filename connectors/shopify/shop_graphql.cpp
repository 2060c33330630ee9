#include "shop_graphql.hpp"

#include <cmath>
#include <cstdlib>

#include <boost/json.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::shop {

namespace json = boost::json;

namespace {
constexpr std::string_view kDefaultVersion = "2025-10";
}  // namespace

std::string api_version(const StoreContext& store) {
  auto it = store.settings.find("api_version");
  if (it == store.settings.end() || it->second.empty()) return std::string(kDefaultVersion);
  return it->second;
}

bool valid_version(std::string_view v) {
  if (v == "unstable") return true;
  return v.size() == 7 && v[4] == '-' &&
         v.find_first_not_of("0123456789-") == std::string_view::npos;
}

HttpRequest graphql(const StoreContext& store, std::string_view query,
                    const std::vector<std::string_view>& fragments, json::object variables,
                    double cost) {
  std::string document(query);
  for (auto f : fragments) {
    document += '\n';
    document += f;
  }
  HttpRequest req;
  req.method = "POST";
  req.url = store.base_url + "/admin/api/" + api_version(store) + "/graphql.json";
  auto token = store.credentials.find("access_token");
  req.headers.push_back({"Content-Type", "application/json"});
  req.headers.push_back({"Accept", "application/json"});
  req.headers.push_back(
      {"X-Shopify-Access-Token", token == store.credentials.end() ? std::string() : token->second});
  req.body =
      json::serialize(json::object{{"query", document}, {"variables", std::move(variables)}});
  req.cost = cost;
  return req;
}

RateLimitObservation observe(const HttpResponse& r, const json::value* body) {
  RateLimitObservation o;
  o.throttled = r.status == 429;
  if (o.throttled) o.retry_after_ms = sdk::retry_after_ms(r.headers);
  if (body == nullptr || !body->is_object()) return o;
  const auto* ext = body->as_object().if_contains("extensions");
  const auto* cost = ext && ext->is_object() ? ext->as_object().if_contains("cost") : nullptr;
  const auto* status =
      cost && cost->is_object() ? cost->as_object().if_contains("throttleStatus") : nullptr;
  if (status == nullptr || !status->is_object()) return o;
  const auto number = [&](const char* key) -> std::optional<double> {
    const auto* v = status->as_object().if_contains(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_int64()) return static_cast<double>(v->as_int64());
    if (v->is_string()) {
      try {
        return std::stod(std::string(v->as_string()));
      } catch (...) {
        return std::nullopt;
      }
    }
    return std::nullopt;
  };
  o.remaining = number("currentlyAvailable");
  o.capacity = number("maximumAvailable");
  return o;
}

namespace {

// Field-level denials only: every error is ACCESS_DENIED at a path inside data that arrived.
bool only_fields_withheld(const json::object& body) {
  const auto* data = body.if_contains("data");
  const auto* errors = body.if_contains("errors");
  if (data == nullptr || !data->is_object() || errors == nullptr || !errors->is_array()) {
    return false;
  }
  for (const auto& e : errors->as_array()) {
    const auto* o = e.if_object();
    const auto* path = o != nullptr ? o->if_contains("path") : nullptr;
    const auto* ext = o != nullptr ? o->if_contains("extensions") : nullptr;
    const auto* code =
        ext != nullptr && ext->is_object() ? ext->as_object().if_contains("code") : nullptr;
    if (path == nullptr || !path->is_array() || path->as_array().size() < 2 || code == nullptr ||
        *code != "ACCESS_DENIED") {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<json::object> version_fell_forward(const StoreContext& store, const HttpResponse& r) {
  const auto served = find_header(r.headers, "X-Shopify-API-Version");
  const std::string asked = api_version(store);
  if (!served || *served == asked) return std::nullopt;
  return json::object{{"code", "api_version_fell_forward"},
                      {"platform_code", std::string(*served)},
                      {"field", ""},
                      {"detail", "Shopify no longer supports API version " + asked +
                                     " and answered in " + std::string(*served) +
                                     "; set the store's api_version to a supported version."}};
}

std::variant<json::value, StepOutcome> answer(const HttpResponse& r, json::array* withheld,
                                              const json::storage_ptr& storage) {
  auto body = sdk::parse_platform_json(r.body, storage);
  StepOutcome failed;
  if (auto f = sdk::failure_for_status(r, kName)) {
    failed = std::move(*f);
  } else if (!body || !body->is_object()) {
    failed = sdk::malformed(kName, "the body is not a JSON object");
  } else if (withheld != nullptr && only_fields_withheld(body->as_object())) {
    for (const auto& e : body->as_object().at("errors").as_array())
      withheld->push_back(e);
    return body->as_object().at("data");
  } else if (const auto* errors = body->as_object().if_contains("errors");
             errors != nullptr && errors->is_array() && !errors->as_array().empty()) {
    const json::value& first = errors->as_array().front();
    std::string code;
    if (first.is_object()) {
      if (const auto* ext = first.as_object().if_contains("extensions"); ext && ext->is_object()) {
        if (const auto* c = ext->as_object().if_contains("code"); c && c->is_string()) {
          code = std::string(c->as_string());
        }
      }
    }
    if (code == "THROTTLED") {
      failed = StepOutcome::fail(ConnectorErrorKind::rate_limited,
                                 "Shopify throttled the query (THROTTLED).", r.status);
      // Wait until the bucket holds what the query asked for.
      const auto o = observe(r, &*body);
      const auto* ext = body->as_object().if_contains("extensions");
      double requested = 0, restore = 100;
      if (ext && ext->is_object()) {
        if (const auto* cost = ext->as_object().if_contains("cost"); cost && cost->is_object()) {
          if (const auto* q = cost->as_object().if_contains("requestedQueryCost");
              q && q->is_int64()) {
            requested = static_cast<double>(q->as_int64());
          }
          if (const auto* s = cost->as_object().if_contains("throttleStatus");
              s && s->is_object()) {
            if (const auto* rr = s->as_object().if_contains("restoreRate")) {
              if (rr->is_int64()) restore = static_cast<double>(rr->as_int64());
              if (rr->is_string()) {
                const std::string text(rr->as_string());
                char* end = nullptr;
                const double v = std::strtod(text.c_str(), &end);
                if (end != text.c_str() && v > 0) restore = v;
              }
            }
          }
        }
      }
      const double missing = std::max(0.0, requested - o.remaining.value_or(0));
      failed.error.retry_after_ms = static_cast<std::int64_t>(std::ceil(missing / restore * 1000));
    } else if (code == "ACCESS_DENIED") {
      // Shopify's message names the field and the scopes it needs.
      const auto* message = first.is_object() ? first.as_object().if_contains("message") : nullptr;
      const std::string said = message != nullptr && message->is_string()
                                   ? std::string(message->get_string()).substr(0, 300)
                                   : std::string("the app lacks a scope.");
      failed = StepOutcome::fail(ConnectorErrorKind::forbidden, "Shopify denied access: " + said,
                                 r.status);
    } else {
      // Shopify's message says what it refused (a variable, a field), which the code alone
      // does not.
      const auto* message = first.is_object() ? first.as_object().if_contains("message") : nullptr;
      const std::string said = message != nullptr && message->is_string()
                                   ? ": " + std::string(message->get_string()).substr(0, 300)
                                   : std::string();
      failed = StepOutcome::fail(
          ConnectorErrorKind::upstream_error,
          "Shopify refused the query" + (code.empty() ? "" : " (" + code + ")") + said + ".",
          r.status);
    }
  } else if (const auto* data = body->as_object().if_contains("data"); data && data->is_object()) {
    return *data;
  } else {
    failed = sdk::malformed(kName, "no data");
  }
  failed.observations.push_back(observe(r, body ? &*body : nullptr));
  return failed;
}

}  // namespace cartgate::shop
