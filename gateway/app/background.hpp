#pragma once
// The gateway's background work, started next to the API in every process (unless
// events.background is 0): the ingest worker, the poller, the cart watch and the delivery
// workers. All of it coordinates through Redis (consumer groups, leases), so any number of
// processes share it. Batch jobs run here too (api::JobRunner). Part of the composition root: each
// worker gets the narrow view of its io thread's services that it uses, built here.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "api/services.hpp"
#include "redis/client.hpp"

namespace cartgate::app {

/// A name unique to this process among all gateway processes: consumer and lease holder.
std::string instance_name();

/// The scripts background work runs (loaded on every connection).
std::vector<const redis::Script*> background_scripts();

class Background {
 public:
  Background();
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  /// One io thread's services and the executor that runs them.
  struct Thread {
    api::Services& services;
    boost::asio::any_io_executor executor;
  };

  /// Ingest and polling run on `intake`, deliveries on `delivery` (the same thread or not).
  void start(Thread intake, Thread delivery, const redis::ClientOptions& blocking_options,
             boost::asio::ssl::context& tls, const std::atomic<bool>& stopping);

  /// Once `stopping` is set: calls `done` (once, on an io thread) when every worker has ended,
  /// having finished what it had started (polls handed over, inbox entries and deliveries
  /// recorded), or when `within` has passed, whichever comes first. At once when nothing was
  /// started.
  void drain(std::chrono::milliseconds within, std::function<void()> done);

 private:
  struct Workers;
  struct Ending;
  std::unique_ptr<Workers> workers_;
  std::shared_ptr<Ending> ending_;
};

}  // namespace cartgate::app
