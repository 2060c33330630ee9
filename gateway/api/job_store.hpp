#pragma once
// Batch jobs in Redis (keys.hpp: job*, tenant_jobs, job_queue): a job's operations, its
// progress and per-operation results, the lease of the process running it, and the queue every
// process's runner takes work from. docs/writes.md ("Batches").

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "redis/client.hpp"
#include "redis/keys.hpp"
#include "redis/script.hpp"

namespace cartgate::api {

/// A job's progress as stored (times in Unix ms; 0: not yet).
struct JobSummary {
  std::string id;
  std::string operation;
  std::string state;  // queued | running | done
  std::string request_id;
  std::int64_t total = 0, succeeded = 0, failed = 0;
  std::int64_t created_ms = 0, updated_ms = 0, finished_ms = 0;
};

/// What storing a new job came to.
enum class JobCreated { created, exists, mismatch, too_many };

/// A queued job: whose, and which.
struct QueuedJob {
  std::string tenant;
  std::string id;
  std::int64_t queued_ms = 0;
};

// Limits every tenant lives with (docs/writes.md).
inline constexpr std::size_t kMaxBatchOperations = 250;
inline constexpr std::int64_t kMaxUnfinishedJobsPerTenant = 10;
inline constexpr std::chrono::hours kJobKeptUnfinished{24 * 7};
inline constexpr std::chrono::hours kJobKeptFinished{24};

class JobStore {
 public:
  JobStore(redis::Client& redis, const redis::KeyLayout& keys) : redis_(redis), keys_(keys) {}

  /// Stores job `job.id` with its operations (JSON texts) and queues it for the runners.
  /// Queued first: a runner drops a queue entry whose job never appeared.
  boost::asio::awaitable<boost::system::result<JobCreated>> create(
      const std::string& tenant, const JobSummary& job, std::string_view fingerprint,
      std::span<const std::string> operations);

  boost::asio::awaitable<boost::system::result<std::optional<JobSummary>>> summary(
      const std::string& tenant, const std::string& id);
  /// The tenant's jobs, newest first, and whether there are more than `limit`.
  boost::asio::awaitable<boost::system::result<std::pair<std::vector<JobSummary>, bool>>> recent(
      const std::string& tenant, std::size_t limit);
  boost::asio::awaitable<boost::system::result<std::vector<std::string>>> operations(
      const std::string& tenant, const std::string& id);
  /// Index -> result (JSON text) of the operations finished so far.
  boost::asio::awaitable<boost::system::result<std::vector<std::pair<std::int64_t, std::string>>>>
  results(const std::string& tenant, const std::string& id);

  /// Keeps operation `index`'s result; true when it was the job's last.
  boost::asio::awaitable<boost::system::result<bool>> record(const std::string& tenant,
                                                             const std::string& id,
                                                             std::int64_t index, bool succeeded,
                                                             std::string_view result);
  /// Marks a queued job running (a job gone or further along is left as it is).
  boost::asio::awaitable<boost::system::error_code> mark_running(const std::string& tenant,
                                                                 const std::string& id);

  /// The oldest queued jobs of every tenant.
  boost::asio::awaitable<boost::system::result<std::vector<QueuedJob>>> queued(std::size_t limit);
  boost::asio::awaitable<boost::system::error_code> dequeue(const QueuedJob& job);

  /// The lease on running a job (sync/lease.lua): taken, renewed or released by `holder` only.
  boost::asio::awaitable<bool> lease(const QueuedJob& job, std::string_view holder,
                                     std::string_view action, std::chrono::milliseconds ttl);

 private:
  redis::Client& redis_;
  const redis::KeyLayout& keys_;
};

const redis::Script& job_create_script();
const redis::Script& job_record_script();
const redis::Script& job_start_script();

}  // namespace cartgate::api
