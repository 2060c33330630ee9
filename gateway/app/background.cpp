#include "app/background.hpp"

#include <mutex>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "api/job_runner.hpp"
#include "delivery/deliverer.hpp"
#include "events/cart_index.hpp"
#include "ingest/ingest_worker.hpp"
#include "log/logger.hpp"
#include "sync/cart_watch.hpp"
#include "sync/poller.hpp"

namespace cartgate::app {

namespace asio = boost::asio;

struct Background::Workers {
  std::shared_ptr<redis::Client> blocking;
  std::unique_ptr<ingest::IngestWorker> ingest;
  std::unique_ptr<sync::Poller> poller;
  std::unique_ptr<sync::CartWatch> cart_watch;
  std::unique_ptr<delivery::Deliverer> deliverer;
  std::unique_ptr<api::JobRunner> jobs;
  // drain's time limit. Not in Ending: a worker's completion handler may hold the last
  // reference to that, and run only when the io_context is destroyed, after the timer's service.
  std::unique_ptr<asio::steady_timer> drain_deadline;
};

// The workers still running, and who waits for them to end. Their completion handlers run on
// two io threads, so the count is atomic and `done` is taken under a lock, to be called once.
struct Background::Ending {
  void worker_ended() {
    if (--running == 0) finish();
  }
  void finish() {
    std::function<void()> call;
    {
      const std::lock_guard lock(mutex);
      call = std::move(done);
      done = nullptr;
    }
    if (call) call();
  }

  std::atomic<int> running{0};
  std::mutex mutex;
  std::function<void()> done;
};

std::string instance_name() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" +
         sdk::hex_encode(sdk::random_bytes(4));
}

namespace {

ingest::EventSourceDeps event_source_deps(const api::Services& s) {
  return {s.config, s.keys, s.connectors, s.redis, s.stores, s.events, s.store_calls()};
}

delivery::DelivererDeps deliverer_deps(const api::Services& s) {
  return {s.config, s.keys, s.cipher, s.redis};
}

}  // namespace

std::vector<const redis::Script*> background_scripts() {
  return {&events::event_append_script(),
          &delivery::delivery_finish_script(),
          &delivery::delivery_take_script(),
          &delivery::retry_release_script(),
          &sync::lease_script(),
          &sync::cart_idle_script(),
          &events::cart_index_put_script(),
          &events::cart_index_page_script(),
          &api::job_record_script(),
          &api::job_start_script()};
}

Background::Background() = default;
Background::~Background() = default;

void Background::start(Thread intake, Thread delivery, const redis::ClientOptions& blocking_options,
                       asio::ssl::context& tls, const std::atomic<bool>& stopping) {
  workers_ = std::make_unique<Workers>();
  const std::string name = instance_name();

  // The ingest worker blocks on its own connection; its command timeout must outlast a block.
  redis::ClientOptions blocking = blocking_options;
  blocking.command_timeout = std::max(blocking.command_timeout, std::chrono::milliseconds(5000));
  workers_->blocking = redis::Client::create(intake.executor, blocking);
  workers_->ingest = std::make_unique<ingest::IngestWorker>(event_source_deps(intake.services),
                                                            workers_->blocking, name);
  workers_->poller = std::make_unique<sync::Poller>(event_source_deps(intake.services), name);
  workers_->cart_watch = std::make_unique<sync::CartWatch>(event_source_deps(intake.services));
  workers_->jobs = std::make_unique<api::JobRunner>(intake.services, name);

  outbound::ClientOptions options;
  options.connect_timeout = delivery.services.config.outbound.connect_timeout;
  options.max_retries = 0;  // the delivery schedule retries, with its own record
  options.max_response_bytes =
      std::size_t{64} * 1024;  // a subscriber's answer is not read beyond its status
  options.user_agent = "cartgate-webhooks/" CARTGATE_VERSION;
  options.destinations = &delivery.services.destinations;
  workers_->deliverer = std::make_unique<delivery::Deliverer>(
      deliverer_deps(delivery.services), delivery.executor,
      std::make_unique<outbound::HttpClient>(delivery.executor, tls, options), name);

  // Events the ingest worker and the poller append are delivered at once, not at the
  // deliverer's next idle check (up to 50 ms later).
  intake.services.events.on_queued([d = workers_->deliverer.get()] { d->nudge(); });

  workers_->drain_deadline = std::make_unique<asio::steady_timer>(intake.executor);
  ending_ = std::make_shared<Ending>();
  ending_->running = 5;
  const auto report = [ending = ending_](const char* what) {
    return [what, ending](const std::exception_ptr& e) {
      if (e) {
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          log::error("background worker stopped", {{"worker", what}, {"error", ex.what()}});
        }
      }
      ending->worker_ended();
    };
  };
  asio::post(intake.executor, [client = workers_->blocking] { client->start(); });
  asio::co_spawn(intake.executor, workers_->ingest->run(stopping), report("ingest"));
  asio::co_spawn(intake.executor, workers_->poller->run(stopping), report("poller"));
  asio::co_spawn(intake.executor, workers_->cart_watch->run(stopping), report("cart_watch"));
  asio::co_spawn(intake.executor, workers_->jobs->run(stopping), report("jobs"));
  asio::co_spawn(delivery.executor, workers_->deliverer->run(stopping), report("delivery"));
  log::info("background workers started", {{"instance", name}});
}

void Background::drain(std::chrono::milliseconds within, std::function<void()> done) {
  if (!ending_) {
    done();
    return;
  }
  {
    const std::lock_guard lock(ending_->mutex);
    ending_->done = std::move(done);
  }
  // The ingest worker may be blocked reading the inbox for up to a second: closing its own
  // connection ends the wait now. Entries Redis handed it meanwhile stay pending and are
  // claimed again (ingest_worker.hpp), so nothing is lost.
  asio::steady_timer& deadline = *workers_->drain_deadline;
  asio::post(deadline.get_executor(), [client = workers_->blocking] { client->stop(); });
  if (ending_->running.load() == 0) {
    ending_->finish();
    return;
  }
  // On the timer's own thread; the handlers run only while the io threads do, when this
  // object and its timer are alive.
  asio::post(deadline.get_executor(), [&deadline, weak = std::weak_ptr<Ending>(ending_), within] {
    deadline.expires_after(within);
    deadline.async_wait([weak](boost::system::error_code ec) {
      auto held = weak.lock();
      if (ec || !held) return;
      if (held->running.load() > 0) {
        log::warn(
            "background work still running at the drain timeout; leases and claims "
            "hand it over when they run out",
            {{"workers", held->running.load()}});
      }
      held->finish();
    });
  });
}

}  // namespace cartgate::app
