#pragma once
// The gateway's background work, started next to the API in every process (unless
// events.background is 0): the ingest worker, the poller and the delivery workers. All of it
// coordinates through Redis (consumer groups, leases), so any number of processes share it.

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "api/services.hpp"
#include "redis/client.hpp"

namespace cartgate::events {

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

  /// `ingest_services`, `poll_services` and `delivery_services` may be the same io thread's
  /// or different ones'; each worker runs on its services' executor.
  void start(api::Services& ingest_services, boost::asio::any_io_executor ingest_executor,
             const redis::ClientOptions& blocking_options, api::Services& poll_services,
             boost::asio::any_io_executor poll_executor, api::Services& delivery_services,
             boost::asio::any_io_executor delivery_executor, boost::asio::ssl::context& tls,
             const std::atomic<bool>& stopping);

 private:
  struct Workers;
  std::unique_ptr<Workers> workers_;
};

}  // namespace cartgate::events
