#pragma once
// Runs the real `cartgate` binary as a child process against the test Redis, each test in its
// own Redis key namespace so tests can run in parallel without seeing each other's data.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>

namespace cartgate::test {

using Env = std::map<std::string, std::string>;

/// The Redis the test command started (CARTGATE_TEST_REDIS_URL). Fails the test if unset:
/// integration tests never silently skip.
std::string test_redis_url();

/// A fresh random namespace ("t_<hex>") for one test.
std::string fresh_namespace();

/// A fresh base64 master key.
std::string fresh_master_key();

/// Runs `cartgate <args>` to completion with `env` added; returns stdout, sets `exit_code`.
std::string run_cli(const std::string& args, const std::map<std::string, std::string>& env,
                    int& exit_code);

class GatewayProcess {
 public:
  /// `env` adds to/overrides the defaults (namespace, master key, port 0, plugin dir).
  explicit GatewayProcess(std::map<std::string, std::string> env = {});
  ~GatewayProcess();
  GatewayProcess(const GatewayProcess&) = delete;
  GatewayProcess& operator=(const GatewayProcess&) = delete;

  std::uint16_t port() const { return port_; }
  const std::map<std::string, std::string>& env() const { return env_; }

  /// Creates an API key for `tenant` through the admin CLI, against the same Redis namespace.
  std::string create_key(const std::string& tenant);

  void signal(int signo);
  /// kill -9 (a crash the test means to cause: not reported as a failure at the end).
  void kill_hard();
  pid_t pid() const { return pid_; }
  /// Waits for the process to exit; returns its exit status (or -1 on timeout).
  int wait_exit(std::chrono::milliseconds timeout);
  bool running();
  std::string log_text() const;

 private:
  std::map<std::string, std::string> env_;
  std::string dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int exit_status_ = -1;
  bool killed_on_purpose_ = false;
};

}  // namespace cartgate::test
