#include "api/job_store.hpp"

#include <charconv>

#include "embedded/job_create_lua.hpp"
#include "embedded/job_record_lua.hpp"
#include "embedded/job_start_lua.hpp"
#include "sync/poller.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::api {

namespace asio = boost::asio;
using boost::system::error_code;
using boost::system::result;

namespace {

constexpr std::int64_t kJobListKeptMs = std::int64_t{24} * 3600 * 1000;

std::int64_t to_int(std::string_view text) {
  std::int64_t v = 0;
  std::from_chars(text.data(), text.data() + text.size(), v);
  return v;
}

std::string seconds(std::chrono::hours h) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(h).count());
}

// A job's hash (HGETALL: field, value, ...) as a summary; nullopt when the job is gone.
std::optional<JobSummary> summary_of(const std::string& id, const redis::Reply& reply) {
  if (reply.elements.empty()) return std::nullopt;
  JobSummary s;
  s.id = id;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    const std::string& field = reply.elements[i].str;
    const std::string& value = reply.elements[i + 1].str;
    if (field == "operation")
      s.operation = value;
    else if (field == "state")
      s.state = value;
    else if (field == "request_id")
      s.request_id = value;
    else if (field == "total")
      s.total = to_int(value);
    else if (field == "succeeded")
      s.succeeded = to_int(value);
    else if (field == "failed")
      s.failed = to_int(value);
    else if (field == "created")
      s.created_ms = to_int(value);
    else if (field == "updated")
      s.updated_ms = to_int(value);
    else if (field == "finished")
      s.finished_ms = to_int(value);
  }
  return s;
}

std::string queue_member(std::string_view tenant, std::string_view id) {
  std::string out(tenant);
  out.append("|").append(id);
  return out;
}

}  // namespace

const redis::Script& job_create_script() {
  static const redis::Script script("job_create", std::string(embedded::job_create_lua));
  return script;
}

const redis::Script& job_record_script() {
  static const redis::Script script("job_record", std::string(embedded::job_record_lua));
  return script;
}

const redis::Script& job_start_script() {
  static const redis::Script script("job_start", std::string(embedded::job_start_lua));
  return script;
}

asio::awaitable<result<JobCreated>> JobStore::create(const std::string& tenant,
                                                     const JobSummary& job,
                                                     std::string_view fingerprint,
                                                     std::span<const std::string> operations) {
  const std::string now = std::to_string(job.created_ms);
  auto queued =
      co_await redis_.command("ZADD", keys_.job_queue(), "NX", now, queue_member(tenant, job.id));
  if (auto ec = redis::failure_of(queued)) co_return ec;
  const std::string keys[] = {keys_.job(tenant, job.id), keys_.job_items(tenant, job.id),
                              keys_.tenant_jobs(tenant), keys_.tenant_open_jobs(tenant)};
  const auto kept_unfinished_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(kJobKeptUnfinished).count();
  std::vector<std::string> args{job.id,
                                job.operation,
                                std::string(fingerprint),
                                now,
                                job.request_id,
                                seconds(kJobKeptUnfinished),
                                std::to_string(kMaxUnfinishedJobsPerTenant),
                                std::to_string(job.created_ms - kJobListKeptMs),
                                std::to_string(job.created_ms - kept_unfinished_ms)};
  args.insert(args.end(), operations.begin(), operations.end());
  auto r = co_await redis_.eval(job_create_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (r->elements.empty()) co_return redis::make_error_code(redis::errc::unexpected_reply);
  const std::string& said = r->elements[0].str;
  if (said == "created") co_return JobCreated::created;
  // Nothing new to run. An entry this call added belongs to no unfinished job: it goes. One it
  // found (ZADD NX added nothing) is the unfinished job's with this key, which must stay queued.
  if (queued->integer == 1) {
    const QueuedJob dropped{tenant, job.id, 0};
    co_await dequeue(dropped);
  }
  if (said == "exists") co_return JobCreated::exists;
  if (said == "mismatch") co_return JobCreated::mismatch;
  co_return JobCreated::too_many;
}

asio::awaitable<result<std::optional<JobSummary>>> JobStore::summary(const std::string& tenant,
                                                                     const std::string& id) {
  auto r = co_await redis_.command("HGETALL", keys_.job(tenant, id));
  if (auto ec = redis::failure_of(r)) co_return ec;
  co_return summary_of(id, *r);
}

asio::awaitable<result<std::pair<std::vector<JobSummary>, bool>>> JobStore::recent(
    const std::string& tenant, std::size_t limit) {
  const std::string oldest = std::to_string(util::unix_ms_now() - kJobListKeptMs);
  auto ids = co_await redis_.command("ZREVRANGEBYSCORE", keys_.tenant_jobs(tenant), "+inf", oldest,
                                     "LIMIT", "0", std::to_string(limit + 1));
  if (auto ec = redis::failure_of(ids)) co_return ec;
  const bool more = ids->elements.size() > limit;
  if (more) ids->elements.resize(limit);
  std::vector<std::vector<std::string>> reads;
  for (const auto& id : ids->elements)
    reads.push_back({"HGETALL", keys_.job(tenant, id.str)});
  std::vector<JobSummary> jobs;
  if (reads.empty()) co_return std::pair{std::move(jobs), more};
  auto replies = co_await redis_.pipeline(std::move(reads));
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (auto ec = redis::failure_of(replies[i])) co_return ec;
    // A job whose keys expired before its entry here was trimmed is simply left out.
    if (auto s = summary_of(ids->elements[i].str, *replies[i])) jobs.push_back(std::move(*s));
  }
  co_return std::pair{std::move(jobs), more};
}

asio::awaitable<result<std::vector<std::string>>> JobStore::operations(const std::string& tenant,
                                                                       const std::string& id) {
  auto r = co_await redis_.command("LRANGE", keys_.job_items(tenant, id), "0", "-1");
  if (auto ec = redis::failure_of(r)) co_return ec;
  std::vector<std::string> out;
  out.reserve(r->elements.size());
  for (auto& e : r->elements)
    out.push_back(std::move(e.str));
  co_return out;
}

asio::awaitable<result<std::vector<std::pair<std::int64_t, std::string>>>> JobStore::results(
    const std::string& tenant, const std::string& id) {
  auto r = co_await redis_.command("HGETALL", keys_.job_results(tenant, id));
  if (auto ec = redis::failure_of(r)) co_return ec;
  std::vector<std::pair<std::int64_t, std::string>> out;
  for (std::size_t i = 0; i + 1 < r->elements.size(); i += 2)
    out.emplace_back(to_int(r->elements[i].str), std::move(r->elements[i + 1].str));
  co_return out;
}

asio::awaitable<result<bool>> JobStore::record(const std::string& tenant, const std::string& id,
                                               std::int64_t index, bool succeeded,
                                               std::string_view result_json) {
  const std::string keys[] = {keys_.job(tenant, id), keys_.job_results(tenant, id),
                              keys_.job_items(tenant, id), keys_.tenant_open_jobs(tenant)};
  const std::string args[] = {std::to_string(index),     succeeded ? "succeeded" : "failed",
                              std::string(result_json),  std::to_string(util::unix_ms_now()),
                              seconds(kJobKeptFinished), id};
  auto r = co_await redis_.eval(job_record_script(), keys, args);
  // (result<bool> takes an error_code only when told: bool converts from it too.)
  if (auto ec = redis::failure_of(r)) co_return result<bool>(boost::system::in_place_error, ec);
  co_return r->integer == 1;
}

asio::awaitable<error_code> JobStore::mark_running(const std::string& tenant,
                                                   const std::string& id) {
  const std::string keys[] = {keys_.job(tenant, id)};
  auto r = co_await redis_.eval(job_start_script(), keys, {});
  co_return redis::failure_of(r);
}

asio::awaitable<result<std::vector<QueuedJob>>> JobStore::queued(std::size_t limit) {
  auto r = co_await redis_.command("ZRANGE", keys_.job_queue(), "0", std::to_string(limit - 1),
                                   "WITHSCORES");
  if (auto ec = redis::failure_of(r)) co_return ec;
  std::vector<QueuedJob> out;
  for (std::size_t i = 0; i + 1 < r->elements.size(); i += 2) {
    const std::string& member = r->elements[i].str;
    const auto bar = member.rfind('|');
    if (bar == std::string::npos) continue;
    out.push_back({member.substr(0, bar), member.substr(bar + 1), to_int(r->elements[i + 1].str)});
  }
  co_return out;
}

asio::awaitable<error_code> JobStore::dequeue(const QueuedJob& job) {
  auto r = co_await redis_.command("ZREM", keys_.job_queue(), queue_member(job.tenant, job.id));
  co_return redis::failure_of(r);
}

asio::awaitable<bool> JobStore::lease(const QueuedJob& job, std::string_view holder,
                                      std::string_view action, std::chrono::milliseconds ttl) {
  const std::string keys[] = {keys_.job_lease(job.tenant, job.id)};
  const std::string args[] = {std::string(holder), std::string(action),
                              std::to_string(ttl.count())};
  auto r = co_await redis_.eval(sync::lease_script(), keys, args);
  co_return !redis::failure_of(r) && r->integer > 0;
}

}  // namespace cartgate::api
