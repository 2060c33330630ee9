#pragma once
// Runs tests/events/subscriber.mjs: a webhook subscriber that verifies every delivery with
// the official `standardwebhooks` npm library and records it.

#include <cstdint>
#include <string>
#include <sys/types.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace cartgate::test {

class SubscriberProcess {
 public:
  SubscriberProcess();
  ~SubscriberProcess();
  SubscriberProcess(const SubscriberProcess&) = delete;
  SubscriberProcess& operator=(const SubscriberProcess&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hooks"; }
  /// {secret?, fail_status?, fail_first?, delay_ms?}
  void configure(const boost::json::object& config) const;
  /// Every delivery so far: {webhook_id, verified, error, status, attempt, type, event_id, ...}.
  boost::json::array log() const;
  /// The most deliveries it has held unanswered at once.
  std::int64_t max_in_flight() const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace cartgate::test
