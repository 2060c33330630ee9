#include "outbound/connector_call.hpp"

#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "log/logger.hpp"
#include "util/concurrently.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::outbound {

namespace asio = boost::asio;

namespace {

constexpr int kMaxSteps = 32;             // a connector that never finishes is a bug
constexpr std::size_t kMaxParallel = 64;  // requests one step may ask for

std::string fresh_nonce() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string nonce = sdk::random_bytes(32);
  for (char& c : nonce)
    c = kAlphabet[static_cast<unsigned char>(c) % 62];
  return nonce;
}

ConnectorError transport_error(const FetchError& e) {
  ConnectorError out;
  out.kind = ConnectorErrorKind::upstream_error;
  switch (e.failure) {
    case FetchFailure::timeout:
      out.message = "The store did not answer in time.";
      break;
    case FetchFailure::too_large:
      out.message = "The store's answer exceeds the size limit.";
      break;
    case FetchFailure::tls:
      out.message = "TLS with the store failed (certificate not trusted or handshake error).";
      break;
    case FetchFailure::resolve:
    case FetchFailure::connect:
      out.message = "The store cannot be reached.";
      break;
    case FetchFailure::forbidden_address:
      out.kind = ConnectorErrorKind::address_forbidden;
      out.message = "The store's host is not allowed: " + e.message +
                    " (this gateway connects to public addresses only).";
      break;
    default:
      out.message = "The connection to the store failed.";
  }
  return out;
}

// The connector's own failure, not the store's (answered 502 connector_failed).
ConnectorError internal(std::string message) {
  return ConnectorError{ConnectorErrorKind::connector_failed, std::move(message), std::nullopt,
                        std::nullopt};
}

// A request that could not get budget before its wait limit (the deadline, or max_wait).
struct Throttled {
  std::int64_t wait_ms = 0;
};
using Performed = std::variant<std::vector<HttpResponse>, FetchError, Throttled>;

// Background work waiting for budget climbs one lane per step of waiting (poll → enrichment →
// live), so a steady stream of higher-lane requests can delay it but never starve it: a
// platform with a small quota (BigCommerce) whose webhook read-backs use all of it still gets
// its safety-net poll through. Batch jobs climb to polling's lane and no further: a job may
// wait behind live calls, never the other way round.
constexpr auto kAgingStep = std::chrono::milliseconds(1000);

Lane aged(Lane lane, Clock::duration waited) {
  const auto steps = static_cast<int>(waited / kAgingStep);
  const int highest = lane == Lane::bulk ? static_cast<int>(Lane::poll) : 0;
  return static_cast<Lane>(std::max(highest, static_cast<int>(lane) - steps));
}

// Takes budget for one request (waiting while that ends before `wait_until`), then sends it.
asio::awaitable<std::variant<FetchResult, Throttled>> send(const CallSetup& setup,
                                                           const HttpRequest& request,
                                                           Clock::time_point wait_until) {
  if (setup.limiter != nullptr) {
    const auto started = Clock::now();
    for (;;) {
      const Lane lane = aged(setup.lane, Clock::now() - started);
      const Grant grant =
          co_await setup.limiter->acquire(setup.store.store_id, setup.policy, lane, request.cost);
      if (grant.granted) break;
      auto wait = std::chrono::milliseconds(std::max<std::int64_t>(grant.wait_ms, 1));
      if (lane != Lane::live) {
        // Ask again when this request climbs a lane: its wait will be shorter there.
        const auto climbs_in = kAgingStep - (Clock::now() - started) % kAgingStep;
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(climbs_in));
      }
      if (Clock::now() + wait >= wait_until) co_return Throttled{grant.wait_ms};
      asio::steady_timer timer(co_await asio::this_coro::executor, wait);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
  }
  co_return co_await setup.http.fetch(request, setup.deadline);
}

// Performs all requests concurrently; the first failure fails the step.
asio::awaitable<Performed> perform(const CallSetup& setup, const std::vector<HttpRequest>& requests,
                                   Clock::time_point wait_until) {
  std::vector<std::variant<FetchResult, Throttled>> results(requests.size());
  co_await util::for_each_concurrently(
      requests.size(), [&](std::size_t i) -> asio::awaitable<void> {
        try {
          results[i] = co_await send(setup, requests[i], wait_until);
        } catch (const std::exception&) {
          results[i] = FetchResult(FetchError{FetchFailure::transport, "internal error"});
        }
      });
  std::vector<HttpResponse> responses;
  responses.reserve(results.size());
  for (auto& r : results) {
    if (auto* t = std::get_if<Throttled>(&r)) co_return *t;
    auto& fetched = std::get<FetchResult>(r);
    if (auto* e = std::get_if<FetchError>(&fetched)) co_return std::move(*e);
    responses.push_back(std::move(std::get<HttpResponse>(fetched)));
  }
  co_return responses;
}

ConnectorError out_of_budget(std::int64_t wait_ms) {
  return ConnectorError{ConnectorErrorKind::rate_limited,
                        "The store's request budget is used up for longer than this call waits.",
                        std::nullopt, wait_ms};
}

}  // namespace

asio::awaitable<CallResult> run_connector_call(const CallSetup& setup, const Call& call) {
  constexpr int kMaxThrottleRetries = 3;
  std::string state;
  std::vector<HttpResponse> responses;
  std::vector<HttpRequest> previous_requests;
  int throttle_retries = 0;
  // No wait, for budget or for a platform's Retry-After, may reach past this.
  const Clock::time_point wait_until =
      setup.max_wait ? std::min(setup.deadline, Clock::now() + *setup.max_wait) : setup.deadline;
  for (int step = 0; step < kMaxSteps; ++step) {
    CallEnvironment env;
    env.now = util::now_seconds();
    env.nonce = fresh_nonce();
    env.callback_url = setup.callback_url;
    // Constructed, not assigned: assigning a json::value copies it node by node into the
    // target's storage, and the result must stay in the arena the connector built it in.
    std::optional<StepOutcome> outcome;
    try {
      outcome.emplace(setup.connector.step(StepInput{setup.store, call, env, state, responses}));
    } catch (const std::exception& e) {
      // The message comes from the connector's own code (no request data): safe to log.
      log::error("connector threw", {{"platform", setup.connector.manifest().platform},
                                     {"store_id", setup.store.store_id},
                                     {"error", e.what()}});
      co_return internal("The connector failed internally.");
    }
    if (setup.limiter != nullptr) {
      for (const auto& o : outcome->observations)
        co_await setup.limiter->observe(setup.store.store_id, o);
    }
    if (outcome->kind == StepKind::done) {
      if (setup.entities != nullptr) *setup.entities = std::move(outcome->entities);
      co_return std::move(outcome->result);
    }
    if (outcome->kind == StepKind::failed) {
      // Throttled although the budget allowed it (other apps share the store's limit):
      // wait as the platform asks and send the same requests again, if the deadline allows.
      const auto& e = outcome->error;
      // Without a platform wait (BigCommerce under load answers 429 with no rate-limit
      // headers), back off exponentially: 1 s, 2 s, 4 s.
      const auto wait = e.retry_after_ms
                            ? std::chrono::milliseconds(*e.retry_after_ms)
                            : std::chrono::milliseconds(std::int64_t{1000} << throttle_retries);
      if (e.kind != ConnectorErrorKind::rate_limited || previous_requests.empty() ||
          throttle_retries >= kMaxThrottleRetries || Clock::now() + wait >= wait_until) {
        co_return std::move(outcome->error);
      }
      ++throttle_retries;
      asio::steady_timer timer(co_await asio::this_coro::executor, wait);
      co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
      // Re-send what produced the throttled answer and step from the same state again.
      outcome->requests = previous_requests;
      outcome->state = state;
    }
    if (outcome->requests.empty() || outcome->requests.size() > kMaxParallel) {
      co_return internal("The connector asked for an invalid number of requests.");
    }
    if (Clock::now() >= setup.deadline) {
      co_return ConnectorError{ConnectorErrorKind::upstream_error,
                               "The call ran out of time before the store answered.", std::nullopt,
                               std::nullopt};
    }
    auto performed = co_await perform(setup, outcome->requests, wait_until);
    if (auto* e = std::get_if<FetchError>(&performed)) co_return transport_error(*e);
    if (auto* t = std::get_if<Throttled>(&performed)) co_return out_of_budget(t->wait_ms);
    responses = std::move(std::get<std::vector<HttpResponse>>(performed));
    previous_requests = std::move(outcome->requests);
    state = std::move(outcome->state);
  }
  co_return internal("The connector did not finish.");
}

}  // namespace cartgate::outbound
