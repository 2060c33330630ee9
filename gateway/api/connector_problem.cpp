#include "api/connector_problem.hpp"

namespace cartgate::api {

http::Problem connector_problem(const ConnectorError& e, std::string_view store_id) {
  const std::string detail = "Store '" + std::string(store_id) + "': " + e.message;
  switch (e.kind) {
    case ConnectorErrorKind::bad_credentials:
      return {502, "store_auth_failed", "Store refused its credentials", detail};
    case ConnectorErrorKind::forbidden:
      return {502, "store_permission_denied", "Store credentials lack a permission", detail};
    case ConnectorErrorKind::not_found:
      return {404, "entity_not_found", "Not found", detail};
    case ConnectorErrorKind::unsupported:
      return {422, "not_supported_by_platform", "Not supported by the platform", detail};
    case ConnectorErrorKind::invalid_query:
      return {400, "invalid_query", "Query not expressible on the platform", detail};
    case ConnectorErrorKind::rate_limited: {
      http::Problem p{429, "store_rate_limited", "Store rate limit reached", detail};
      p.retry_after_seconds =
          e.retry_after_ms ? std::max<std::int64_t>(1, (*e.retry_after_ms + 999) / 1000) : 1;
      return p;
    }
    case ConnectorErrorKind::invalid_response:
      return {502, "store_invalid_response", "Store answered something unusable", detail};
    case ConnectorErrorKind::address_forbidden:
      // The URL was accepted once; its host has since moved into forbidden space (DNS).
      return {502, "address_forbidden", "Store address not allowed", detail};
    case ConnectorErrorKind::connector_failed:
      return {502, "connector_failed", "Connector failed", detail};
    case ConnectorErrorKind::upstream_error:
      break;
  }
  return {502, "store_unavailable", "Store unavailable", detail};
}

}  // namespace cartgate::api
