#pragma once
// A redis-server of the test's own, for tests that kill and restart Redis (the shared test
// Redis must stay up for everyone else). AOF with `appendfsync always`, so what was written
// before a kill -9 is back after the restart, as on a production Redis with AOF.

#include <cstdint>
#include <string>
#include <sys/types.h>

namespace cartgate::test {

class RedisServerProcess {
 public:
  /// Starts redis-server on a free loopback port in a fresh directory; waits for PONG.
  RedisServerProcess();
  ~RedisServerProcess();
  RedisServerProcess(const RedisServerProcess&) = delete;
  RedisServerProcess& operator=(const RedisServerProcess&) = delete;

  std::string url() const;
  std::uint16_t port() const { return port_; }
  /// kill -9: no shutdown, no final save; only the AOF survives.
  void kill_hard();
  /// Starts it again on the same port and directory (replaying the AOF); waits for PONG.
  void restart();

 private:
  void start();

  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace cartgate::test
