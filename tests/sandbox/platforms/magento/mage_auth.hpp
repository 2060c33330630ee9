#pragma once
// Magento 2 web API authentication (get-started/authentication): admin tokens (Bearer, 4 hours),
// integration access tokens as Bearer only when "integration as bearer" is enabled (off by
// default since 2.4.4), and OAuth 1.0a requests signed with all four integration credentials.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "common/params.hpp"
#include "http/message.hpp"
#include "model/store.hpp"

namespace sandbox::mage {

struct AuthOutcome {
  bool authenticated = false;
  std::string message;  // for the 401 body
};

/// `url`: scheme://host[:port]/path as the client called it (the signed URL).
AuthOutcome authenticate(Store& store, const cartgate::http::Request& request, std::string_view url,
                         std::chrono::sys_seconds now);

/// Magento's reading of the query for signatures: split on '&' and '=', keep pairs with exactly
/// two parts, rawurldecode both sides ('+' stays a plus).
std::vector<Param> oauth_query(std::string_view raw_query);

/// RFC 5849 signature base string: METHOD&enc(url)&enc(sorted enc(k)=enc(v) joined by &).
std::string base_string(std::string_view method, std::string_view url, std::vector<Param> params);

/// POST /V1/integration/admin/token: a new admin token, or nullopt for wrong credentials.
std::optional<std::string> issue_admin_token(Store& store, const std::string& username,
                                             const std::string& password,
                                             std::chrono::sys_seconds now);

}  // namespace sandbox::mage
