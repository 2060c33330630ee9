#include "support/redis_server_process.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <cartgate/sdk/crypto.hpp>

#include "support/free_port.hpp"
#include "support/redis_sync.hpp"

namespace cartgate::test {

namespace fs = std::filesystem;

RedisServerProcess::RedisServerProcess() {
  dir_ = (fs::temp_directory_path() / ("cartgate-redis-" + sdk::hex_encode(sdk::random_bytes(6))))
             .string();
  fs::create_directories(dir_);
  port_ = free_port();
  start();
}

RedisServerProcess::~RedisServerProcess() {
  kill_hard();
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string RedisServerProcess::url() const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/0";
}

void RedisServerProcess::start() {
  const std::string port = std::to_string(port_);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1", "--dir",
             dir_.c_str(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
             "--daemonize", "no", "--loglevel", "warning", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    try {
      RedisSync probe(url());
      const auto pong = probe.command({"PING"});
      if (!pong.empty() && pong.front() == "PONG") return;
    } catch (const std::exception&) {
      // not listening (or still loading the AOF) yet
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("redis-server did not start on port " + port);
}

void RedisServerProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void RedisServerProcess::restart() {
  kill_hard();
  start();
}

}  // namespace cartgate::test
