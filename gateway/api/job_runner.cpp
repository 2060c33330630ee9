#include "api/job_runner.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/write_requests.hpp"
#include "api/write_runner.hpp"
#include "log/logger.hpp"
#include "util/concurrently.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kJobsAtOnce = 4;        // per process
constexpr std::size_t kOperationsAtOnce = 4;  // per job: the bulk lane's budget paces them
constexpr auto kLease = 15s;                  // a dead holder's job is free after this
constexpr auto kRenewEvery = 5s;
constexpr auto kIdle = 250ms;  // between looks at the queue
// A queue entry whose job never appeared (its creator died between the two writes).
constexpr std::int64_t kOrphanAfterMs = 60'000;
constexpr int kMaxAttempts = 8;
constexpr auto kLongestBackoff = 30s;

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Whether another attempt may succeed where this one did not: the budget or the platform said
// wait, the outcome is unknown (the next attempt reconciles), an earlier holder's attempt still
// holds the operation's key, or the store or Redis was unreachable.
bool worth_retrying(const http::Problem& p) {
  if (p.status == 429 || p.status == 503 || p.status == 504) return true;
  if (p.status == 409) return p.code == "idempotency_key_in_use";
  return p.status == 502 && (p.code == "store_unavailable" || p.code == "store_invalid_response" ||
                             p.code == "connector_failed");
}

std::string member(const QueuedJob& job) {
  return job.tenant + "|" + job.id;
}

}  // namespace

struct JobRunner::Flags {
  bool finished = false;  // the job's run ended: stop renewing
  bool lost = false;      // the lease went to another process: take no more operations
};

JobRunner::JobRunner(Services& services, std::string holder)
    : services_(services), store_(services.redis, services.keys), holder_(std::move(holder)) {}

asio::awaitable<void> JobRunner::run(const std::atomic<bool>& stopping) {
  auto executor = co_await asio::this_coro::executor;
  while (!stopping.load()) {
    if (running_.size() < kJobsAtOnce) {
      auto queued = co_await store_.queued(32);
      std::vector<QueuedJob> jobs;
      if (queued) jobs = std::move(*queued);
      for (const auto& job : jobs) {
        if (running_.size() >= kJobsAtOnce || stopping.load()) break;
        if (running_.contains(member(job))) continue;
        if (!co_await store_.lease(job, holder_, "acquire", kLease)) continue;
        running_.insert(member(job));
        asio::co_spawn(executor, run_job(job, stopping),
                       [this, name = member(job)](const std::exception_ptr& e) {
                         if (e) log::error("batch job failed", {{"job", name}});
                         running_.erase(name);
                       });
      }
    }
    co_await sleep_for(kIdle);
  }
  while (!running_.empty())  // NOLINT(bugprone-infinite-loop): erased by the jobs' handlers
    co_await sleep_for(50ms);
}

asio::awaitable<void> JobRunner::keep_lease(QueuedJob job, std::shared_ptr<Flags> flags) {
  auto since = std::chrono::steady_clock::now();
  while (!flags->finished) {
    co_await sleep_for(250ms);
    if (flags->finished || std::chrono::steady_clock::now() - since < kRenewEvery) continue;
    since = std::chrono::steady_clock::now();
    if (!co_await store_.lease(job, holder_, "renew", kLease)) {
      flags->lost = true;
      log::warn("batch job lease lost; its next holder goes on", {{"job", job.id}});
    }
  }
}

asio::awaitable<void> JobRunner::run_job(QueuedJob job, const std::atomic<bool>& stopping) {
  auto summary = co_await store_.summary(job.tenant, job.id);
  std::vector<std::string> operations;
  std::vector<std::int64_t> pending;
  if (summary && *summary && (*summary)->state != "done") {
    auto ops = co_await store_.operations(job.tenant, job.id);
    auto done = co_await store_.results(job.tenant, job.id);
    if (ops && done) {
      operations = std::move(*ops);
      std::vector<bool> has(operations.size(), false);
      for (const auto& [index, text] : *done) {
        if (index >= 0 && static_cast<std::size_t>(index) < has.size()) has[index] = true;
      }
      for (std::size_t i = 0; i < has.size(); ++i)
        if (!has[i]) pending.push_back(static_cast<std::int64_t>(i));
    }
  }
  const bool gone = summary && !*summary && util::unix_ms_now() - job.queued_ms > kOrphanAfterMs;
  const bool ended = summary && *summary && (*summary)->state == "done";
  if (gone || ended) co_await store_.dequeue(job);
  if (!pending.empty()) {
    const JobSummary& s = **summary;
    if (s.state == "queued") co_await store_.mark_running(job.tenant, job.id);
    log::info("batch job running", {{"job", job.id},
                                    {"operation", s.operation},
                                    {"pending", static_cast<std::int64_t>(pending.size())}});
    auto flags = std::make_shared<Flags>();
    asio::co_spawn(co_await asio::this_coro::executor, keep_lease(job, flags), asio::detached);
    std::size_t next = 0;
    bool finished = false;
    co_await util::for_each_concurrently(
        std::min(kOperationsAtOnce, pending.size()), [&](std::size_t) -> asio::awaitable<void> {
          while (next < pending.size() && !stopping.load() && !flags->lost) {
            const std::int64_t index = pending[next++];
            auto kept = co_await run_operation(job, s, index, operations[index], stopping, *flags);
            finished = finished || kept.value_or(false);
          }
        });
    flags->finished = true;
    if (finished) {
      co_await store_.dequeue(job);
      log::info("batch job done", {{"job", job.id}});
    }
  }
  co_await store_.lease(job, holder_, "release", 0ms);
}

asio::awaitable<std::optional<bool>> JobRunner::run_operation(
    const QueuedJob& job, const JobSummary& summary, std::int64_t index,
    const std::string& operation, const std::atomic<bool>& stopping, const Flags& flags) {
  const std::string n = std::to_string(index);
  json::object result{{"index", index}};
  std::optional<http::Problem> failure;
  boost::system::error_code ec;
  json::value body = json::parse(operation, ec);
  auto request = !ec && body.is_object()
                     ? read_write_request(summary.operation, Params::from_object(body.get_object()))
                     : ApiResult<WriteRequest>(http::internal_error());
  if (!request) failure = request.error();
  for (int attempt = 0; request && !failure; ++attempt) {
    // Named, not braced inside the co_await: GCC 12 miscompiles braced lists there.
    WriteOrigin origin{services_,
                       job.tenant,
                       summary.request_id + "/" + n,
                       "job/" + job.id + "/" + n,
                       json::make_shared_resource<json::monotonic_resource>(),
                       outbound::Lane::bulk};
    Outcome outcome = co_await run_write(std::move(origin), *request);
    if (auto* done = std::get_if<Success>(&outcome)) {
      json::value answer = done->text.empty() ? done->body : json::parse(done->text, ec);
      result["state"] = "succeeded";
      result["status"] = done->status;
      result["data"] = answer.is_object() && answer.get_object().contains("data")
                           ? answer.at("data")
                           : json::value(nullptr);
      break;
    }
    auto& problem = std::get<http::Problem>(outcome);
    if (!worth_retrying(problem) || attempt + 1 >= kMaxAttempts) {
      failure = std::move(problem);
      break;
    }
    auto wait =
        std::min<std::chrono::milliseconds>(kLongestBackoff, std::chrono::seconds(1 << attempt));
    if (problem.retry_after_seconds) {
      wait = std::clamp<std::chrono::milliseconds>(
          std::chrono::seconds(*problem.retry_after_seconds), 100ms, kLongestBackoff);
    }
    for (auto until = std::chrono::steady_clock::now() + wait;
         std::chrono::steady_clock::now() < until;) {
      if (stopping.load() || flags.lost) co_return std::nullopt;
      co_await sleep_for(100ms);
    }
  }
  if (failure) {
    result["state"] = "failed";
    result["status"] = failure->status;
    result["error"] =
        http::problem_body(*failure, "/v1/" + summary.operation, summary.request_id + "/" + n);
  }
  auto kept = co_await store_.record(job.tenant, job.id, index, !failure, json::serialize(result));
  if (!kept) {
    // Not kept: the next holder runs the operation again, and its key replays this answer.
    log::warn("batch result not kept", {{"job", job.id}, {"error", kept.error().message()}});
    co_return std::nullopt;
  }
  co_return *kept;
}

}  // namespace cartgate::api
