#include "bc_requests.hpp"

#include <charconv>

#include <boost/json/object.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

std::optional<std::int64_t> header_ms(const HttpResponse& r, std::string_view name) {
  auto v = find_header(r.headers, name);
  std::int64_t out = 0;
  if (!v) return std::nullopt;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size() || out < 0) return std::nullopt;
  return out;
}

}  // namespace

HttpRequest request(const StoreContext& store, std::string_view method, std::string_view path,
                    const sdk::QueryParams& query, std::string json_body) {
  HttpRequest req;
  req.method = std::string(method);
  req.url = sdk::make_url(store.base_url, path, query);
  req.headers.push_back({"Accept", "application/json"});
  auto token = store.credentials.find("access_token");
  req.headers.push_back(
      {"X-Auth-Token", token == store.credentials.end() ? std::string() : token->second});
  if (!json_body.empty()) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = std::move(json_body);
  }
  return req;
}

RateLimitObservation observe(const HttpResponse& r) {
  RateLimitObservation o;
  if (auto left = header_ms(r, "X-Rate-Limit-Requests-Left"))
    o.remaining = static_cast<double>(*left);
  if (auto quota = header_ms(r, "X-Rate-Limit-Requests-Quota"))
    o.capacity = static_cast<double>(*quota);
  o.reset_ms = header_ms(r, "X-Rate-Limit-Time-Reset-Ms");
  o.throttled = r.status == 429;
  if (o.throttled) o.retry_after_ms = o.reset_ms;
  return o;
}

std::optional<StepOutcome> failure(const HttpResponse& r) {
  auto failed = sdk::failure_for_status(r, kName);
  if (failed && r.status == 429 && !failed->error.retry_after_ms) {
    failed->error.retry_after_ms = header_ms(r, "X-Rate-Limit-Time-Reset-Ms");
  }
  return failed;
}

StepOutcome with_observations(StepOutcome out, std::span<const HttpResponse> responses) {
  for (const auto& r : responses)
    out.observations.push_back(observe(r));
  return out;
}

StepOutcome refused_write(const HttpResponse& r, std::string_view entity) {
  std::string message;
  if (auto body = sdk::parse_platform_json(r.body)) {
    const json::object* o = body->if_object();
    if (const auto* a = body->if_array(); a != nullptr && !a->empty()) o = a->front().if_object();
    const auto* m = o == nullptr             ? nullptr
                    : o->contains("message") ? o->if_contains("message")
                                             : o->if_contains("title");
    if (m != nullptr && m->is_string()) message = std::string(m->get_string()).substr(0, 500);
    // v3 names each field it refused, and why.
    const auto* errors = o == nullptr ? nullptr : o->if_contains("errors");
    if (errors != nullptr && errors->is_object()) {
      for (const auto& [field, why] : errors->get_object()) {
        if (why.is_string() && message.size() < 500) {
          message.append(message.empty() ? "" : "; ")
              .append(field)
              .append(": ")
              .append(std::string_view(why.get_string()).substr(0, 200));
        }
      }
    }
  }
  // Its messages end with a full stop or not; ours add one.
  while (!message.empty() && message.back() == '.')
    message.pop_back();
  const std::string said = message.empty() ? std::string() : ": " + message;
  if (r.status == 404) {
    return StepOutcome::fail(ConnectorErrorKind::not_found,
                             "BigCommerce has no such " + std::string(entity) + ".", r.status);
  }
  if (r.status == 403) {
    return StepOutcome::fail(ConnectorErrorKind::forbidden,
                             "BigCommerce refused the write" + said + ".", r.status);
  }
  if (r.status >= 400 && r.status < 500 && r.status != 401 && r.status != 429) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "BigCommerce rejected the write" + said + ".", r.status);
  }
  return std::move(*failure(r));
}

}  // namespace cartgate::bc
