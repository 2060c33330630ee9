#pragma once
// A TCP listener for tests that are about who connects, not what is said: it counts accepted
// connections and answers each with bytes it is given (or nothing), on any loopback address
// (127.0.0.2 is a different host to the address policy than 127.0.0.1).

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>

namespace cartgate::test {

class RawListener {
 public:
  /// `respond` runs on the listener's thread for each connection with its socket; it may write
  /// and must return when done (the connection is then closed), and soon once `stopping` is
  /// set (the listener is being destroyed). Empty: close at once.
  using Respond = std::function<void(int fd, const std::atomic<bool>& stopping)>;
  explicit RawListener(const std::string& address = "127.0.0.1", Respond respond = {});
  ~RawListener();
  RawListener(const RawListener&) = delete;
  RawListener& operator=(const RawListener&) = delete;

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_.load(); }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> connections_{0};
  std::atomic<bool> stop_{false};
  Respond respond_;
  std::thread thread_;
};

}  // namespace cartgate::test
