#include "support/subscriber_process.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "support/http_client.hpp"

namespace cartgate::test {

namespace fs = std::filesystem;
namespace json = boost::json;

SubscriberProcess::SubscriberProcess() {
  dir_ = (fs::temp_directory_path() / ("cartgate-sub-" + sdk::hex_encode(sdk::random_bytes(6))))
             .string();
  fs::create_directories(dir_);
  const std::string port_file = dir_ + "/port";
  const std::string script = std::string(CARTGATE_TESTS_DIR) + "/events/subscriber.mjs";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::FILE* log = std::fopen((dir_ + "/subscriber.log").c_str(), "w");
    if (log != nullptr) ::dup2(::fileno(log), STDERR_FILENO);
    ::execlp("node", "node", script.c_str(), port_file.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(port_file);
    int port = 0;
    if (in >> port && port > 0) {
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the subscriber did not start (see " + dir_ + "/subscriber.log)");
}

SubscriberProcess::~SubscriberProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void SubscriberProcess::configure(const json::object& config) const {
  auto r = http_request(port_, "POST", "/control/config", {{"content-type", "application/json"}},
                        json::serialize(config));
  if (r.status != 200) throw std::runtime_error("subscriber configuration failed");
}

json::array SubscriberProcess::log() const {
  auto r = http_request(port_, "GET", "/control/log");
  auto v = r.json();
  return v.is_array() ? v.as_array() : json::array{};
}

std::int64_t SubscriberProcess::max_in_flight() const {
  auto v = http_request(port_, "GET", "/control/stats").json();
  return v.is_object() ? v.as_object().at("max_in_flight").to_number<std::int64_t>() : -1;
}

}  // namespace cartgate::test
