#pragma once
// WooCommerce REST authentication as class-wc-rest-authentication.php does it: HTTP Basic (or
// consumer_key/consumer_secret in the query) only over HTTPS; otherwise OAuth 1.0a one-legged,
// signed against the site's home URL, with a ±15 minute timestamp window and nonce memory.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/params.hpp"
#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::woo {

struct AuthOutcome {
  bool authenticated = false;
  // When not authenticated with an error (bad credentials), the WP REST error to answer; an
  // empty code means "no credentials at all" (the endpoint answers its own 401).
  std::string code;
  std::string message;
  bool basic_challenge = false;  // add WWW-Authenticate: Basic
};

/// `home_url`: the site URL for the connection's scheme (e.g. http://127.0.0.1:8081/woo-1);
/// `route`: the path after the site's base ("/wp-json/wc/v3/orders").
AuthOutcome authenticate(Store& store, const cartgate::http::Request& request,
                         const std::vector<Param>& query, bool tls, std::string_view home_url,
                         std::string_view route, std::chrono::sys_seconds now);

/// WooCommerce's OAuth string-to-sign (exposed for the vector tests).
std::string string_to_sign(std::string_view method, std::string_view base_uri,
                           std::vector<Param> params);

}  // namespace sandbox::woo
