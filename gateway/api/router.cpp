#include "api/router.hpp"

#include <string_view>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include "api/call.hpp"
#include "api/capabilities_api.hpp"
#include "api/event_api.hpp"
#include "api/event_replay.hpp"
#include "api/job_api.hpp"
#include "api/read_api.hpp"
#include "api/store_api.hpp"
#include "api/webhook_api.hpp"
#include "api/write_api.hpp"
#include "auth/api_key.hpp"
#include "ingest/ingest_handler.hpp"
#include "log/logger.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using http::Response;

namespace {

// A request's arena starts at this and doubles as it fills; nothing is allocated until a store
// answer is parsed or an answer built in it.
constexpr std::size_t kArenaFirstBlock = std::size_t{16} * 1024;

struct Route {
  std::string_view name;
  Handler handler;
  bool read_only;  // reads accept GET and POST; writes only POST
};

constexpr Route kRoutes[] = {
    {"store.add", &store_add, false},
    {"store.list", &store_list, true},
    {"store.info", &store_info, true},
    {"store.update", &store_update, false},
    {"store.delete", &store_delete, false},
    {"order.list", &order_list, true},
    {"order.info", &order_info, true},
    {"order.count", &order_count, true},
    {"customer.list", &customer_list, true},
    {"customer.info", &customer_info, true},
    {"customer.count", &customer_count, true},
    {"product.list", &product_list, true},
    {"product.info", &product_info, true},
    {"product.count", &product_count, true},
    {"cart.list", &cart_list, true},
    {"cart.info", &cart_info, true},
    {"store.capabilities", &store_capabilities, true},
    {"webhook.create", &webhook_create, false},
    {"webhook.list", &webhook_list, true},
    {"webhook.delete", &webhook_delete, false},
    {"webhook.resume", &webhook_resume, false},
    {"webhook.events", &webhook_events, true},
    {"event.list", &event_list, true},
    {"event.info", &event_info, true},
    {"event.replay", &event_replay, false},
    {"order.update", &order_update, false},
    {"order.shipment.add", &order_shipment_add, false},
    {"product.update", &product_update, false},
    {"product.variant.update", &product_variant_update, false},
    {"customer.update", &customer_update, false},
    {"customer.add", &customer_add, false},
    {"order.update.batch", &order_update_batch, false},
    {"order.shipment.add.batch", &order_shipment_add_batch, false},
    {"product.update.batch", &product_update_batch, false},
    {"product.variant.update.batch", &product_variant_update_batch, false},
    {"customer.update.batch", &customer_update_batch, false},
    {"customer.add.batch", &customer_add_batch, false},
    {"job.info", &job_info, true},
    {"job.list", &job_list, true},
};

const Route* find_route(std::string_view name) {
  for (const auto& r : kRoutes) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

Response problem(const http::Problem& p, const http::Request& req) {
  return http::to_response(p, req.path, req.request_id);
}

void add_rate_limit_headers(Response& r, const auth::Admission& a) {
  const auto seconds_up = [](std::int64_t ms) { return std::to_string((ms + 999) / 1000); };
  r.set_header("RateLimit-Limit", std::to_string(a.limit));
  r.set_header("RateLimit-Remaining", std::to_string(a.remaining));
  r.set_header("RateLimit-Reset", seconds_up(a.reset_ms));
  r.set_header("RateLimit-Policy", std::to_string(a.rate) + ";w=" + seconds_up(a.period_ms) +
                                       ";burst=" + std::to_string(a.limit));
}

}  // namespace

http::Problem storage_unavailable(std::string_view request_id,
                                  const boost::system::error_code& ec) {
  log::error("storage failure", {{"request_id", request_id}, {"error", ec.message()}});
  return http::service_unavailable("storage_unavailable",
                                   "The gateway's storage is unreachable; retry shortly.");
}

http::Problem storage_unavailable(const CallContext& call, const boost::system::error_code& ec) {
  return storage_unavailable(call.request.request_id, ec);
}

asio::awaitable<Response> Router::handle(http::Request& request) {
  if (request.path == "/healthz") {
    if (request.method != "GET") co_return problem(http::method_not_allowed("Use GET."), request);
    co_return Response::json(200, R"({"status":"ok"})");
  }
  if (request.path == "/readyz") {
    if (request.method != "GET") co_return problem(http::method_not_allowed("Use GET."), request);
    co_return co_await readiness();
  }
  // Platforms authenticate with their signatures, not API keys.
  if (request.path.starts_with("/v1/ingest/")) {
    co_return co_await ingest::handle_ingest(services_.ingest(), request);
  }
  if (request.path.starts_with("/v1/")) co_return co_await handle_api(request);
  co_return problem(http::not_found("not_found", "No such path."), request);
}

asio::awaitable<Response> Router::readiness() {
  if (services_.draining.load()) {
    co_return http::to_response(
        http::service_unavailable("draining", "The gateway is shutting down."), "/readyz", "");
  }
  auto pong = co_await services_.redis.command("PING");
  if (!pong || pong->is_error()) {
    co_return http::to_response(
        http::service_unavailable("redis_unavailable", "Redis is not reachable."), "/readyz", "");
  }
  co_return Response::json(200, R"({"status":"ready"})");
}

asio::awaitable<Response> Router::handle_api(http::Request& request) {
  const std::string_view name = std::string_view(request.path).substr(4);
  const Route* route = find_route(name);
  if (route == nullptr) {
    co_return problem(
        http::not_found("unknown_method", "No API method '" + std::string(name) + "'."), request);
  }
  const bool method_ok = request.method == "POST" || (route->read_only && request.method == "GET");
  if (!method_ok) {
    auto r = problem(http::method_not_allowed(route->read_only ? "Use GET or POST." : "Use POST."),
                     request);
    r.set_header("Allow", route->read_only ? "GET, POST" : "POST");
    co_return r;
  }

  const auto key = auth::api_key_from(request);
  if (!key) {
    auto r = problem(http::unauthorized("Send an API key as 'Authorization: Bearer <key>' or "
                                        "'x-api-key: <key>'."),
                     request);
    r.set_header("WWW-Authenticate", R"(Bearer realm="cartgate")");
    co_return r;
  }
  const auth::Admission admission = co_await services_.authenticator.admit(*key);
  switch (admission.outcome) {
    case auth::Admission::Outcome::invalid_key: {
      auto r = problem(http::unauthorized("The API key is invalid or revoked."), request);
      r.set_header("WWW-Authenticate", R"(Bearer realm="cartgate", error="invalid_token")");
      co_return r;
    }
    case auth::Admission::Outcome::unavailable:
      co_return problem(http::service_unavailable("storage_unavailable",
                                                  "The gateway's storage is unreachable; retry "
                                                  "shortly."),
                        request);
    case auth::Admission::Outcome::limited: {
      auto r =
          problem(http::rate_limited("The API key's request rate limit is exhausted."), request);
      add_rate_limit_headers(r, admission);
      r.set_header("Retry-After", std::to_string(std::max<std::int64_t>(
                                      1, (admission.retry_after_ms + 999) / 1000)));
      co_return r;
    }
    case auth::Admission::Outcome::admitted:
      break;
  }

  Response response;
  auto params = Params::from_request(request);
  if (!params) {
    response = problem(params.error(), request);
  } else {
    // Declared before the outcome, so it is released after every value built in it.
    json::monotonic_resource arena(kArenaFirstBlock);
    CallContext call{request, admission.tenant, *params, services_, json::storage_ptr(&arena)};
    Outcome outcome = co_await route->handler(call);
    if (auto* ok = std::get_if<Success>(&outcome)) {
      response = Response::json(ok->status,
                                ok->text.empty() ? json::serialize(ok->body) : std::move(ok->text));
      for (const auto& [header, value] : ok->headers)
        response.set_header(header, value);
    } else {
      response = problem(std::get<http::Problem>(outcome), request);
    }
  }
  add_rate_limit_headers(response, admission);
  response.set_header("Cache-Control", "no-store");
  co_return response;
}

}  // namespace cartgate::api
