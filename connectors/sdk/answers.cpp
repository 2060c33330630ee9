#include <charconv>
#include <string>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>

namespace cartgate::sdk {

std::optional<std::int64_t> retry_after_ms(const HttpHeaders& headers, std::string_view name) {
  auto value = find_header(headers, name);
  if (!value || value->empty()) return std::nullopt;
  // Whole seconds, optionally with a fraction (Shopify sends "2.0"); no HTTP-dates here.
  std::int64_t whole = 0;
  const char* begin = value->data();
  const char* end = begin + value->size();
  auto [p, ec] = std::from_chars(begin, end, whole);
  if (ec != std::errc() || whole < 0 || whole > 86'400) return std::nullopt;
  std::int64_t ms = whole * 1000;
  if (p != end && *p == '.') {
    std::int64_t scale = 100;
    for (++p; p != end && *p >= '0' && *p <= '9'; ++p) {
      ms += (*p - '0') * scale;
      scale /= 10;
    }
  }
  if (p != end) return std::nullopt;
  return ms;
}

std::optional<StepOutcome> failure_for_status(const HttpResponse& r, std::string_view platform) {
  if (r.status >= 200 && r.status < 300) return std::nullopt;
  const std::string who(platform);
  const std::string status = std::to_string(r.status);
  StepOutcome out;
  switch (r.status) {
    case 401:
      out = StepOutcome::fail(ConnectorErrorKind::bad_credentials,
                              who + " refused the store's credentials (HTTP 401).", r.status);
      break;
    case 403:
      out = StepOutcome::fail(
          ConnectorErrorKind::forbidden,
          who + " refused access: the credentials lack a permission (HTTP 403).", r.status);
      break;
    case 404:
      out =
          StepOutcome::fail(ConnectorErrorKind::not_found, who + " has no such entity.", r.status);
      break;
    case 429:
      out = StepOutcome::fail(ConnectorErrorKind::rate_limited,
                              who + " throttled the request (HTTP 429).", r.status);
      out.error.retry_after_ms = retry_after_ms(r.headers);
      break;
    default:
      if (r.status >= 500 || r.status < 200) {
        out = StepOutcome::fail(ConnectorErrorKind::upstream_error,
                                who + " answered HTTP " + status + ".", r.status);
      } else {
        out = StepOutcome::fail(ConnectorErrorKind::invalid_query,
                                who + " rejected the request (HTTP " + status + ").", r.status);
      }
  }
  return out;
}

StepOutcome malformed(std::string_view platform, std::string_view detail) {
  return StepOutcome::fail(
      ConnectorErrorKind::invalid_response,
      std::string(platform) + " sent an unusable answer: " + std::string(detail));
}

StepOutcome written_entity(const MappedEntity& mapped, boost::json::value raw,
                           std::string_view platform) {
  std::string error;
  auto item = entity_json(mapped, error, raw.storage());
  if (!error.empty()) return malformed(platform, error);
  return StepOutcome::finished(info_result(std::move(item), std::move(raw)));
}

StepOutcome write_not_possible(std::string message) {
  return StepOutcome::fail(ConnectorErrorKind::invalid_query, std::move(message));
}

boost::system::result<boost::json::value, StepOutcome> json_answer(
    const HttpResponse& response, std::string_view platform, std::string_view what,
    const boost::json::storage_ptr& sp) {
  if (auto failed = failure_for_status(response, platform)) return std::move(*failed);
  auto body = parse_platform_json(response.body, sp);
  if (!body) return malformed(platform, std::string(what) + " is not JSON");
  return std::move(*body);
}

}  // namespace cartgate::sdk
