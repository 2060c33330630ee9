#include "support/sandbox_process.hpp"

#include <filesystem>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <boost/json.hpp>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::test {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::uint16_t port_of(const std::string& url) {
  return static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
}

}  // namespace

SandboxProcess::SandboxProcess(const std::string& args, std::uint64_t seed) {
  dir_ = (fs::temp_directory_path() / ("cartgate-sandbox-" + sdk::hex_encode(sdk::random_bytes(6))))
             .string();
  fs::create_directories(dir_);
  // Test receivers are plain HTTP on high ports: BigCommerce's HTTPS-on-443 rule is relaxed
  // here, and a test that checks the rule turns it back on for its store (strict_destinations).
  std::vector<std::string> argv{CARTGATE_SANDBOX_BINARY, "--state-dir",         dir_, "--seed",
                                std::to_string(seed),    "--hook-destinations", "any"};
  std::istringstream words(args);
  for (std::string w; words >> w;)
    argv.push_back(w);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    std::FILE* log = std::fopen((dir_ + "/sandbox.log").c_str(), "w");
    if (log != nullptr) ::dup2(::fileno(log), STDERR_FILENO);
    std::vector<char*> cargs;
    for (auto& a : argv)
      cargs.push_back(a.data());
    cargs.push_back(nullptr);
    ::execv(CARTGATE_SANDBOX_BINARY, cargs.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(dir_ + "/manifest.json");
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    auto parsed = json::parse(text.str(), ec);
    if (!ec && parsed.is_object()) {
      manifest_ = std::move(parsed.as_object());
      control_port_ = port_of(std::string(manifest_.at("control").as_string()));
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("the sandbox did not start (see " + dir_ + "/sandbox.log)");
}

SandboxProcess::~SandboxProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

const json::object& SandboxProcess::store(const std::string& platform, std::size_t n) const {
  for (const auto& s : manifest_.at("stores").as_array()) {
    if (s.at("platform") == platform.c_str() && n-- == 0) return s.as_object();
  }
  throw std::runtime_error("the sandbox has no such " + platform + " store");
}

std::string SandboxProcess::tls_certificate() const {
  return std::string(manifest_.at("tls_certificate").as_string());
}

std::map<std::string, std::string> SandboxProcess::gateway_env(
    const std::map<std::string, std::string>& extra) const {
  const std::string https(manifest_.at("https").as_string());
  const std::string address = "127.0.0.1:" + std::to_string(port_of(https));
  std::map<std::string, std::string> env{
      {"CARTGATE_OUTBOUND_CA_FILE", tls_certificate()},
      {"CARTGATE_OUTBOUND_ADDRESS_ALLOWLIST", "127.0.0.1/32"},
      {"CARTGATE_OUTBOUND_CONNECT_TO",
       "*.myshopify.com=" + address + ",api.bigcommerce.com=" + address},
      {"CARTGATE_OUTBOUND_ALLOW_HTTP", "1"}};
  for (const auto& [k, v] : extra)
    env[k] = v;
  return env;
}

HttpResult SandboxProcess::control(const std::string& method, const std::string& store_id,
                                   const std::string& path, const json::value& body) const {
  std::string target = "/control/stores/" + store_id;
  if (!path.empty()) target += "/" + path;
  return http_request(control_port_, method, target, {{"content-type", "application/json"}},
                      body.is_null() ? std::string() : json::serialize(body));
}

json::object SandboxProcess::store_add_body(const json::object& s) const {
  const std::string platform(s.at("platform").as_string());
  const auto& c = s.at("credentials").as_object();
  json::object body{{"platform", platform}, {"name", s.at("id")}};
  json::object credentials, settings{{"currency", s.at("currency")}};
  const auto copy = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      credentials[n] = c.at(n);
  };
  if (platform == "shopify") {
    body["shop"] = s.at("id");
    copy({"access_token", "api_secret"});
    settings.clear();
  } else if (platform == "woocommerce") {
    body["url"] = s.at("https_url");  // Basic auth needs HTTPS
    copy({"consumer_key", "consumer_secret"});
  } else if (platform == "magento") {
    body["url"] = s.at("url");
    copy({"consumer_key", "consumer_secret", "access_token", "access_token_secret"});
  } else {
    body["store_hash"] = s.at("id");
    copy({"access_token", "client_secret"});
  }
  body["credentials"] = std::move(credentials);
  body["settings"] = std::move(settings);
  return body;
}

}  // namespace cartgate::test
