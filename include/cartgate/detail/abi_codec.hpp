#pragma once
// The JSON shapes that cross the plugin C ABI, encoded and decoded the same way on both sides.
// Connector authors do not call this directly: plugin_export.hpp (plugin side) and the
// gateway's plugin loader (host side) do.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::abi {

/// Parses JSON that crossed the boundary: platform bodies may hold invalid UTF-8, which is
/// passed through rather than rejected. Never throws.
boost::system::result<boost::json::value> parse(std::string_view text);
std::string serialize(const boost::json::value& jv);

boost::json::value encode_manifest(const Manifest& m);
boost::system::result<Manifest> decode_manifest(const boost::json::value& jv);

boost::json::value encode_step_input(const StepInput& in);
/// A decoded step input that owns its data; `view()` is what Connector::step takes.
struct OwnedStepInput {
  StoreContext store;
  Call call;
  CallEnvironment env;
  std::string state;
  std::vector<HttpResponse> responses;
  StepInput view() const { return {store, call, env, state, responses}; }
};
boost::system::result<OwnedStepInput> decode_step_input(const boost::json::value& jv);

boost::json::value encode_step_outcome(const StepOutcome& out);
boost::system::result<StepOutcome> decode_step_outcome(const boost::json::value& jv);

boost::json::value encode_webhook_input(const StoreContext& store, const HttpHeaders& headers,
                                        Timestamp now);
struct OwnedWebhookInput {
  StoreContext store;
  HttpHeaders headers;
  Timestamp now{};
};
boost::system::result<OwnedWebhookInput> decode_webhook_input(const boost::json::value& jv);

/// One change of a webhook delivery. The gateway's inbox entries hold their changes in this
/// shape too. Encoding moves the entity into `sp` (no copy when it is already there).
boost::json::value encode_webhook_change(WebhookChange&& change,
                                         const boost::json::storage_ptr& sp = {});
boost::system::result<WebhookChange> decode_webhook_change(const boost::json::value& jv);

boost::json::value encode_webhook_result(const WebhookResult& r);
boost::system::result<WebhookResult> decode_webhook_result(const boost::json::value& jv);

/// The names of the messages above that have a published JSON Schema: "manifest",
/// "step_input", "step_outcome", "webhook_input", "webhook_result".
std::span<const std::string_view> message_names();
/// One message's JSON Schema (2020-12), generated from the descriptions the codec uses; null
/// for a name not in message_names(). Published in schema/abi/v1/<name>.json.
boost::json::value message_schema(std::string_view message);

}  // namespace cartgate::abi
