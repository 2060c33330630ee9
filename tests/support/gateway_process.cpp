#include "support/gateway_process.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::test {

namespace fs = std::filesystem;

std::string test_redis_url() {
  const char* url = std::getenv("CARTGATE_TEST_REDIS_URL");
  if (url == nullptr || *url == '\0') {
    throw std::runtime_error(
        "CARTGATE_TEST_REDIS_URL is not set: run the tests through deploy/test.sh, which starts "
        "a redis-server");
  }
  return url;
}

std::string fresh_namespace() {
  return "t_" + sdk::hex_encode(sdk::random_bytes(6));
}

std::string fresh_master_key() {
  return sdk::base64_encode(sdk::random_bytes(32));
}

std::string run_cli(const std::string& args, const std::map<std::string, std::string>& env,
                    int& exit_code) {
  std::string command;
  for (const auto& [k, v] : env)
    command += k + "='" + v + "' ";
  // Its stderr is shown only when it fails.
  const std::string errors = (std::filesystem::temp_directory_path() /
                              ("cartgate-cli-" + sdk::hex_encode(sdk::random_bytes(6))))
                                 .string();
  command += std::string(CARTGATE_BINARY) + " " + args + " 2>" + errors;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed");
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0)
    out.append(buf, n);
  const int status = ::pclose(pipe);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (exit_code != 0) {
    std::ifstream in(errors);
    std::cerr << "cartgate " << args << " exited with " << exit_code << ":\n" << in.rdbuf();
  }
  std::filesystem::remove(errors);
  return out;
}

GatewayProcess::GatewayProcess(std::map<std::string, std::string> env) {
  dir_ = (fs::temp_directory_path() / ("cartgate-test-" + sdk::hex_encode(sdk::random_bytes(6))))
             .string();
  fs::create_directories(dir_);
  env_ = {{"CARTGATE_REDIS_URL", test_redis_url()},
          {"CARTGATE_REDIS_NAMESPACE", fresh_namespace()},
          {"CARTGATE_MASTER_KEY", fresh_master_key()},
          {"CARTGATE_HTTP_PORT", "0"},
          {"CARTGATE_HTTP_THREADS", "2"},
          {"CARTGATE_HTTP_PORT_FILE", dir_ + "/port"},
          {"CARTGATE_PLUGINS_DIR", EXAMPLE_PLUGIN_DIR}};
  for (auto& [k, v] : env)
    env_[k] = v;
  // Always this process's own: another's env() (a second process of one deployment) carries
  // that one's port file, which would announce the other port before this one is listening.
  env_["CARTGATE_HTTP_PORT_FILE"] = dir_ + "/port";

  const std::string log_path = dir_ + "/gateway.log";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    for (const auto& [k, v] : env_)
      ::setenv(k.c_str(), v.c_str(), 1);
    std::FILE* log = std::fopen(log_path.c_str(), "w");
    if (log != nullptr) ::dup2(::fileno(log), STDERR_FILENO);
    ::execl(CARTGATE_BINARY, CARTGATE_BINARY, "serve", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  // Wait for the port file (written once listening).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(env_["CARTGATE_HTTP_PORT_FILE"]);
    std::string line;
    if (in && std::getline(in, line)) {
      port_ = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
      return;
    }
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("gateway did not start; log:\n" + log_text());
}

GatewayProcess::~GatewayProcess() {
  // Every test ends with a graceful stop, so a crash, a hang on shutdown, a leak or a sanitizer
  // report anywhere in the gateway's life fails the test that caused it.
  if (running()) {
    ::kill(pid_, SIGTERM);
    if (wait_exit(std::chrono::seconds(10)) == -1) {
      ::kill(pid_, SIGKILL);
      wait_exit(std::chrono::seconds(5));
      ADD_FAILURE() << "gateway did not stop within 10 s of SIGTERM";
    }
  }
  const std::string log = log_text();
  if (exit_status_ != 0 && !killed_on_purpose_) {
    ADD_FAILURE() << "gateway exited with status " << exit_status_ << "; log:\n" << log;
  }
  for (const char* marker : {"Sanitizer", "runtime error:"}) {
    if (log.find(marker) != std::string::npos) ADD_FAILURE() << "sanitizer report:\n" << log;
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

std::string GatewayProcess::create_key(const std::string& tenant) {
  int code = 0;
  const std::string out = run_cli("key create --tenant " + tenant, env_, code);
  const auto at = out.find("\"api_key\":\"");
  if (code != 0 || at == std::string::npos) throw std::runtime_error("key create failed: " + out);
  const auto start = at + 11;
  return out.substr(start, out.find('"', start) - start);
}

void GatewayProcess::signal(int signo) {
  ::kill(pid_, signo);
}

void GatewayProcess::kill_hard() {
  killed_on_purpose_ = true;
  ::kill(pid_, SIGKILL);
  wait_exit(std::chrono::seconds(5));
}

bool GatewayProcess::running() {
  if (pid_ <= 0 || exit_status_ != -1) return false;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return false;
  }
  return true;
}

int GatewayProcess::wait_exit(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_status_;
}

std::string GatewayProcess::log_text() const {
  std::ifstream in(dir_ + "/gateway.log");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace cartgate::test
