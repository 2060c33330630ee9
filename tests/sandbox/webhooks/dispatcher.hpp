#pragma once
// Outbound webhook deliveries for every emulated platform: the platform decides what to send,
// to whom and with which retry schedule; the dispatcher sends it, applies the store's injected
// faults (drop, duplicate, delay, reorder), keeps each store's delivery log, and reports every
// attempt back so the platform can count failures and disable or remove subscriptions.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/json/value.hpp>

#include <cartgate/http_message.hpp>

#include "model/rng.hpp"

namespace sandbox {

struct WebhookFaults {
  double drop = 0;                                  // share of deliveries never sent
  double duplicate = 0;                             // share sent twice
  double reorder = 0;                               // share held back so later ones overtake
  std::int64_t delay_min_ms = 0, delay_max_ms = 0;  // added before every delivery
  double lose = 0;  // share of deliveries whose subscription is silently lost from then on
};

struct Attempt {
  int number = 1;  // 1 = first delivery
  bool success = false;
  int status = 0;
  std::string error;
};

struct Outbound {
  std::string store_id;
  std::int64_t subscription_id = 0;
  std::string topic;
  /// Builds the request when it is sent (WooCommerce renders the payload at delivery time).
  std::function<cartgate::HttpRequest()> build;
  /// Platform success rule on the status code.
  std::function<bool(int status)> succeeded = [](int s) { return s >= 200 && s < 300; };
  std::chrono::milliseconds initial_delay{0};      // queueing before the first attempt
  std::vector<std::chrono::milliseconds> retries;  // delay before each retry (unscaled)
  std::chrono::milliseconds timeout{5000};
  /// After every attempt; return false to stop retrying (subscription gone or disabled).
  std::function<bool(const Attempt&)> on_attempt;
  /// After the last retry failed.
  std::function<void()> on_exhausted;
};

class Dispatcher {
 public:
  /// `time_scale` multiplies every platform delay (retry schedules, injected delays): tests use
  /// e.g. 0.001 to replay a 4-hour schedule in seconds.
  Dispatcher(boost::asio::any_io_executor executor, boost::asio::ssl::context& client_tls,
             double time_scale);

  void set_faults(const std::string& store_id, const WebhookFaults& faults, std::uint64_t seed);
  /// The platform silently stops delivering to a subscription that still looks active (the
  /// failure polling fallbacks exist for). Nothing is sent to it again; the log says "lost".
  void lose_subscription(const std::string& store_id, std::int64_t subscription_id);
  /// Queues a delivery (thread-safe).
  void submit(std::shared_ptr<Outbound> outbound);
  /// Sends one request now and waits for the answer (WooCommerce's synchronous ping).
  boost::asio::awaitable<Attempt> send_now(cartgate::HttpRequest request,
                                           std::chrono::milliseconds timeout, std::string store_id,
                                           std::string topic);
  /// The store's recent delivery attempts, oldest first.
  boost::json::array log(const std::string& store_id) const;

 private:
  struct StoreFaults {
    WebhookFaults faults;
    Rng rng{0};
  };
  void start(std::shared_ptr<Outbound> o, std::chrono::milliseconds delay, int attempt);
  boost::asio::awaitable<void> run(std::shared_ptr<Outbound> o, std::chrono::milliseconds delay,
                                   int attempt);
  void record(const std::string& store_id, boost::json::object entry);
  std::chrono::milliseconds scaled(std::chrono::milliseconds d) const;

  boost::asio::any_io_executor executor_;
  boost::asio::ssl::context& tls_;
  double time_scale_;
  mutable std::mutex mutex_;
  std::map<std::string, StoreFaults> faults_;
  std::set<std::pair<std::string, std::int64_t>> lost_;  // (store, subscription)
  std::map<std::string, std::deque<boost::json::object>> log_;
  std::uint64_t sequence_ = 0;
};

}  // namespace sandbox
