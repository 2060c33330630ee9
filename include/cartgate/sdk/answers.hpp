#pragma once
// What an HTTP status means, the same way on every platform: credentials refused, missing
// permission, no such entity, throttled (with the wait the platform asks for), upstream trouble.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/mapped.hpp>

namespace cartgate::sdk {

/// Milliseconds from a Retry-After style header holding (possibly fractional) seconds.
std::optional<std::int64_t> retry_after_ms(const HttpHeaders& headers,
                                           std::string_view name = "Retry-After");

/// A failed outcome for a non-2xx answer; nullopt for 2xx. `platform` names the upstream in
/// messages ("WooCommerce answered 503").
std::optional<StepOutcome> failure_for_status(const HttpResponse& response,
                                              std::string_view platform);

/// invalid_response: the platform's answer is not what its API documents.
StepOutcome malformed(std::string_view platform, std::string_view detail);

/// invalid_query without an upstream status: what the connector read first shows the write
/// cannot be made (nothing left to ship, a product priced by its variants); nothing was sent.
/// The gateway answers 422 write_not_possible with `message`.
StepOutcome write_not_possible(std::string message);

/// A write's last step: the entity the store answered (`mapped` from `raw`), finished as its
/// .info read answers it, `raw` kept; invalid_response naming `platform` when it does not map.
StepOutcome written_entity(const MappedEntity& mapped, boost::json::value raw,
                           std::string_view platform);

/// A 2xx answer's body parsed exactly (parse_platform_json, into `sp`: the call's storage);
/// otherwise the outcome to finish the step with: what the status means (failure_for_status),
/// or invalid_response saying `what` is not JSON. One call for "check, then parse":
///   auto body = sdk::json_answer(res, kName, "the order list", in.call.storage);
///   if (!body) return std::move(body.error());
boost::system::result<boost::json::value, StepOutcome> json_answer(
    const HttpResponse& response, std::string_view platform, std::string_view what,
    const boost::json::storage_ptr& sp = {});

}  // namespace cartgate::sdk
