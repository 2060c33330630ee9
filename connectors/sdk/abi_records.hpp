#pragma once
// Internal to the SDK: one description of each plain struct that crosses the plugin C ABI. The
// members in their JSON order (Boost.Describe) and, next to them, the ones a message must
// carry (`abi_required`); every other member may be absent or null and keeps its default. The
// codec (abi_codec.cpp) and the published JSON Schema (abi_schema.cpp,
// docs/abi/messages.schema.json) are both driven by these, so a new member is one word here.
// Only what crosses the boundary is described: Call's arena and typed_items stay behind.

#include <string_view>

#include <boost/describe/class.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/detail/abi_codec.hpp>

namespace cartgate {

BOOST_DESCRIBE_STRUCT(HttpRequest, (), (method, url, headers, body, cost))
constexpr std::string_view abi_required(const HttpRequest*) {
  return "method,url";
}

BOOST_DESCRIBE_STRUCT(HttpResponse, (), (status, headers, body))
constexpr std::string_view abi_required(const HttpResponse*) {
  return "status";
}

BOOST_DESCRIBE_STRUCT(CredentialField, (), (name, secret, required, description))
constexpr std::string_view abi_required(const CredentialField*) {
  return "name";
}

BOOST_DESCRIBE_STRUCT(EntityCapability, (), (entity, verbs, filters, note, date_bounds))
constexpr std::string_view abi_required(const EntityCapability*) {
  return "entity,verbs";
}

BOOST_DESCRIBE_STRUCT(EventCapability, (), (type, delivery, note))
constexpr std::string_view abi_required(const EventCapability*) {
  return "type,delivery";
}

BOOST_DESCRIBE_STRUCT(RateLimitPolicy, (), (model, capacity, refill_per_second, window_ms))
constexpr std::string_view abi_required(const RateLimitPolicy*) {
  return "model";
}

BOOST_DESCRIBE_STRUCT(StoreAddressRule, (), (url_template, ref_name, ref_suffix, plain_http))
constexpr std::string_view abi_required(const StoreAddressRule*) {
  return "";
}

BOOST_DESCRIBE_STRUCT(Manifest, (),
                      (platform, display_name, connector_version, credentials, settings, entities,
                       events, rate_limit, webhook_signature, max_page_size, store_address,
                       webhooks_redelivered))
constexpr std::string_view abi_required(const Manifest*) {
  return "platform";
}

BOOST_DESCRIBE_STRUCT(StoreContext, (), (store_id, base_url, credentials, settings))
constexpr std::string_view abi_required(const StoreContext*) {
  return "store_id,base_url";
}

BOOST_DESCRIBE_STRUCT(ReadQuery, (),
                      (entity, verb, id, created_from, created_to, modified_from, modified_to,
                       filters, page_token, page_size))
constexpr std::string_view abi_required(const ReadQuery*) {
  return "entity,verb";
}

BOOST_DESCRIBE_STRUCT(Call, (), (kind, read, params))
constexpr std::string_view abi_required(const Call*) {
  return "kind";
}

BOOST_DESCRIBE_STRUCT(CallEnvironment, (), (now, nonce, callback_url))
constexpr std::string_view abi_required(const CallEnvironment*) {
  return "now";
}

BOOST_DESCRIBE_STRUCT(ConnectorError, (), (kind, message, upstream_status, retry_after_ms))
constexpr std::string_view abi_required(const ConnectorError*) {
  return "kind";
}

BOOST_DESCRIBE_STRUCT(RateLimitObservation, (),
                      (remaining, capacity, reset_ms, retry_after_ms, throttled))
constexpr std::string_view abi_required(const RateLimitObservation*) {
  return "";
}

BOOST_DESCRIBE_STRUCT(WebhookChange, (), (type, entity_id, updated_at, entity, dedupe_id))
constexpr std::string_view abi_required(const WebhookChange*) {
  return "type,entity_id";
}

BOOST_DESCRIBE_STRUCT(WebhookResult, (), (verdict, reason, changes))
constexpr std::string_view abi_required(const WebhookResult*) {
  return "verdict";
}

namespace abi {

BOOST_DESCRIBE_STRUCT(OwnedStepInput, (), (store, call, env, state, responses))
constexpr std::string_view abi_required(const OwnedStepInput*) {
  return "store,call,env";
}

BOOST_DESCRIBE_STRUCT(OwnedWebhookInput, (), (store, headers, now))
constexpr std::string_view abi_required(const OwnedWebhookInput*) {
  return "store,now";
}

}  // namespace abi

namespace detail {

/// A struct described above: it crosses the ABI as a JSON object of its members.
template <class T>
concept AbiRecord = requires(const T* p) {
  { abi_required(p) } -> std::convertible_to<std::string_view>;
};

/// Whether a message must carry `T`'s member `key`.
template <AbiRecord T>
constexpr bool abi_member_required(std::string_view key) {
  std::string_view list = abi_required(static_cast<const T*>(nullptr));
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (list.substr(0, comma) == key) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace detail

}  // namespace cartgate
