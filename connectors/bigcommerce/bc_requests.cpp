#include "bc_requests.hpp"

#include <charconv>

#include <cartgate/sdk/answers.hpp>

namespace cartgate::bc {

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

}  // namespace cartgate::bc
