#pragma once
// Runs the real cartgate-sandbox as a child process (its own ports and state directory) and
// reads its manifest: what integration tests register with the gateway and drive through the
// control API.

#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>

#include <boost/json/value.hpp>

#include "support/http_client.hpp"

namespace cartgate::test {

class SandboxProcess {
 public:
  /// `args`: extra command-line arguments (--stores, --orders, ...); seed and state dir are set.
  explicit SandboxProcess(const std::string& args, std::uint64_t seed = 7);
  ~SandboxProcess();
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;

  const boost::json::object& manifest() const { return manifest_; }
  /// The manifest entry of the n-th (0-based) store of `platform`.
  const boost::json::object& store(const std::string& platform, std::size_t n = 0) const;
  std::string tls_certificate() const;

  /// What a gateway needs to reach these stores as a deployment would configure it: trust in
  /// the sandbox's certificate, the platform hosts (*.myshopify.com, api.bigcommerce.com)
  /// routed to the sandbox, its loopback address allowlisted, and plain http for the
  /// platforms that sign without TLS. `extra` adds to or overrides it.
  std::map<std::string, std::string> gateway_env(
      const std::map<std::string, std::string>& extra = {}) const;

  /// A control API call: POST (with a JSON body) or GET on /control/stores/<store>/<path>.
  HttpResult control(const std::string& method, const std::string& store_id,
                     const std::string& path, const boost::json::value& body = nullptr) const;

  /// The store.add body for the manifest entry as a real merchant would enter it: the shop
  /// name (Shopify) or store hash (BigCommerce), else the site URL (HTTPS where the platform
  /// takes Basic auth), credentials and settings.
  boost::json::object store_add_body(const boost::json::object& store) const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  boost::json::object manifest_;
  std::uint16_t control_port_ = 0;
};

}  // namespace cartgate::test
