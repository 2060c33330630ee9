#include "outbound/connector_call.hpp"

#include <exception>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cartgate/sdk/crypto.hpp>

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
    default:
      out.message = "The connection to the store failed.";
  }
  return out;
}

ConnectorError internal(std::string message) {
  return ConnectorError{ConnectorErrorKind::upstream_error, std::move(message), std::nullopt,
                        std::nullopt};
}

// Performs all requests concurrently; the first transport failure fails the step.
asio::awaitable<std::variant<std::vector<HttpResponse>, FetchError>> perform(
    HttpClient& http, const std::vector<HttpRequest>& requests, Clock::time_point deadline) {
  std::vector<FetchResult> results(requests.size());
  if (requests.size() == 1) {
    results[0] = co_await http.fetch(requests[0], deadline);
  } else {
    auto executor = co_await asio::this_coro::executor;
    asio::steady_timer all_done(executor, Clock::time_point::max());
    std::size_t pending = requests.size();
    for (std::size_t i = 0; i < requests.size(); ++i) {
      asio::co_spawn(executor, http.fetch(requests[i], deadline),
                     [&, i](std::exception_ptr ep, FetchResult r) {
                       results[i] =
                           ep ? FetchResult(FetchError{FetchFailure::transport, "internal error"})
                              : std::move(r);
                       if (--pending == 0) all_done.cancel();
                     });
    }
    while (pending > 0) {
      auto [ec] = co_await all_done.async_wait(asio::as_tuple(asio::use_awaitable));
      (void)ec;
    }
  }
  std::vector<HttpResponse> responses;
  responses.reserve(results.size());
  for (auto& r : results) {
    if (auto* e = std::get_if<FetchError>(&r)) co_return std::move(*e);
    responses.push_back(std::move(std::get<HttpResponse>(r)));
  }
  co_return responses;
}

}  // namespace

asio::awaitable<CallResult> run_connector_call(const CallSetup& setup, const Call& call) {
  std::string state;
  std::vector<HttpResponse> responses;
  for (int step = 0; step < kMaxSteps; ++step) {
    CallEnvironment env;
    env.now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    env.nonce = fresh_nonce();
    env.callback_url = setup.callback_url;
    StepOutcome outcome;
    try {
      outcome = setup.connector.step(StepInput{setup.store, call, env, state, responses});
    } catch (const std::exception& e) {
      co_return internal("The connector failed internally.");
    }
    switch (outcome.kind) {
      case StepKind::done:
        co_return std::move(outcome.result);
      case StepKind::failed:
        co_return std::move(outcome.error);
      case StepKind::requests:
        break;
    }
    if (outcome.requests.empty() || outcome.requests.size() > kMaxParallel) {
      co_return internal("The connector asked for an invalid number of requests.");
    }
    if (Clock::now() >= setup.deadline) {
      co_return ConnectorError{ConnectorErrorKind::upstream_error,
                               "The call ran out of time before the store answered.", std::nullopt,
                               std::nullopt};
    }
    auto performed = co_await perform(setup.http, outcome.requests, setup.deadline);
    if (auto* e = std::get_if<FetchError>(&performed)) co_return transport_error(*e);
    responses = std::move(std::get<std::vector<HttpResponse>>(performed));
    state = std::move(outcome.state);
  }
  co_return internal("The connector did not finish.");
}

}  // namespace cartgate::outbound
