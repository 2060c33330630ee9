#pragma once
// Runs batch jobs, in every gateway process: takes the oldest queued jobs it can lease, runs
// their operations a few at a time in the outbound budget's bulk lane, and keeps each result.
// Every operation runs under its own Idempotency-Key (job/<job id>/<index>), so a job a dead
// process held is picked up by another when its lease lapses, and an operation that process
// may have sent is reconciled, never applied twice. docs/writes.md ("Batches").

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "api/job_store.hpp"
#include "api/services.hpp"

namespace cartgate::api {

class JobRunner {
 public:
  /// `holder`: this process's name among all gateway processes (app::instance_name()).
  JobRunner(Services& services, std::string holder);

  /// Until `stopping`: then finishes the operations under way, releases its leases (another
  /// process goes on at once) and returns.
  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

 private:
  struct Flags;
  boost::asio::awaitable<void> run_job(QueuedJob job, const std::atomic<bool>& stopping);
  boost::asio::awaitable<void> keep_lease(QueuedJob job, std::shared_ptr<Flags> flags);
  /// Runs operation `index` until it has a result to keep (true when that finished the job),
  /// or until this process stops or loses the lease (nullopt: the next holder runs it).
  boost::asio::awaitable<std::optional<bool>> run_operation(
      const QueuedJob& job, const JobSummary& summary, std::int64_t index,
      const std::string& operation, const std::atomic<bool>& stopping, const Flags& flags);

  Services& services_;
  JobStore store_;
  std::string holder_;
  std::set<std::string> running_;  // "<tenant>|<job id>" this process runs
};

}  // namespace cartgate::api
