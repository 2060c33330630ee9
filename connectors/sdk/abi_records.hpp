#pragma once
// Internal to the SDK: one description of each plain struct that crosses the plugin C ABI. The
// members in their JSON order (Boost.Describe) and, next to them, the ones a message must
// carry (`abi_facts`); every other member may be absent or null and keeps its default. The
// codec (abi_codec.cpp) and the published JSON Schema (abi_schema.cpp,
// docs/abi/messages.schema.json) are both driven by these, so a new member is one word here.
// Only what crosses the boundary is described: Call's arena and typed_items stay behind.

#include <string_view>

#include <boost/describe/class.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/detail/abi_codec.hpp>

namespace cartgate {

/// What the description of a record adds: its name in the JSON Schema, and the members a
/// message must carry (comma-separated).
struct AbiRecordFacts {
  std::string_view name;
  std::string_view required;
};

BOOST_DESCRIBE_STRUCT(HttpRequest, (), (method, url, headers, body, cost))
constexpr AbiRecordFacts abi_facts(const HttpRequest*) {
  return {"HttpRequest", "method,url"};
}

BOOST_DESCRIBE_STRUCT(HttpResponse, (), (status, headers, body))
constexpr AbiRecordFacts abi_facts(const HttpResponse*) {
  return {"HttpResponse", "status"};
}

BOOST_DESCRIBE_STRUCT(CredentialField, (), (name, secret, required, description))
constexpr AbiRecordFacts abi_facts(const CredentialField*) {
  return {"CredentialField", "name"};
}

BOOST_DESCRIBE_STRUCT(EntityCapability, (), (entity, verbs, filters, note, date_bounds))
constexpr AbiRecordFacts abi_facts(const EntityCapability*) {
  return {"EntityCapability", "entity,verbs"};
}

BOOST_DESCRIBE_STRUCT(WriteCapability, (), (operation, fields, note))
constexpr AbiRecordFacts abi_facts(const WriteCapability*) {
  return {"WriteCapability", "operation,fields"};
}

BOOST_DESCRIBE_STRUCT(EventCapability, (), (type, delivery, note))
constexpr AbiRecordFacts abi_facts(const EventCapability*) {
  return {"EventCapability", "type,delivery"};
}

BOOST_DESCRIBE_STRUCT(RateLimitPolicy, (), (model, capacity, refill_per_second, window_ms))
constexpr AbiRecordFacts abi_facts(const RateLimitPolicy*) {
  return {"RateLimitPolicy", "model"};
}

BOOST_DESCRIBE_STRUCT(StoreAddressRule, (), (url_template, ref_name, ref_suffix, plain_http))
constexpr AbiRecordFacts abi_facts(const StoreAddressRule*) {
  return {"StoreAddressRule", ""};
}

BOOST_DESCRIBE_STRUCT(Manifest, (),
                      (platform, display_name, connector_version, credentials, settings, entities,
                       events, rate_limit, webhook_signature, max_page_size, store_address,
                       webhooks_redelivered, writes))
constexpr AbiRecordFacts abi_facts(const Manifest*) {
  return {"Manifest", "platform"};
}

BOOST_DESCRIBE_STRUCT(StoreContext, (), (store_id, base_url, credentials, settings))
constexpr AbiRecordFacts abi_facts(const StoreContext*) {
  return {"StoreContext", "store_id,base_url"};
}

BOOST_DESCRIBE_STRUCT(ReadQuery, (),
                      (entity, verb, id, created_from, created_to, modified_from, modified_to,
                       filters, page_token, page_size))
constexpr AbiRecordFacts abi_facts(const ReadQuery*) {
  return {"ReadQuery", "entity,verb"};
}

BOOST_DESCRIBE_STRUCT(Call, (), (kind, read, params))
constexpr AbiRecordFacts abi_facts(const Call*) {
  return {"Call", "kind"};
}

BOOST_DESCRIBE_STRUCT(CallEnvironment, (), (now, nonce, callback_url))
constexpr AbiRecordFacts abi_facts(const CallEnvironment*) {
  return {"CallEnvironment", "now"};
}

BOOST_DESCRIBE_STRUCT(ConnectorError, (), (kind, message, upstream_status, retry_after_ms))
constexpr AbiRecordFacts abi_facts(const ConnectorError*) {
  return {"ConnectorError", "kind"};
}

BOOST_DESCRIBE_STRUCT(RateLimitObservation, (),
                      (remaining, capacity, reset_ms, retry_after_ms, throttled))
constexpr AbiRecordFacts abi_facts(const RateLimitObservation*) {
  return {"RateLimitObservation", ""};
}

BOOST_DESCRIBE_STRUCT(WebhookChange, (), (type, entity_id, updated_at, entity, dedupe_id))
constexpr AbiRecordFacts abi_facts(const WebhookChange*) {
  return {"WebhookChange", "type,entity_id"};
}

BOOST_DESCRIBE_STRUCT(WebhookResult, (), (verdict, reason, changes))
constexpr AbiRecordFacts abi_facts(const WebhookResult*) {
  return {"WebhookResult", "verdict"};
}

namespace abi {

BOOST_DESCRIBE_STRUCT(OwnedStepInput, (), (store, call, env, state, responses))
constexpr AbiRecordFacts abi_facts(const OwnedStepInput*) {
  return {"OwnedStepInput", "store,call,env"};
}

BOOST_DESCRIBE_STRUCT(OwnedWebhookInput, (), (store, headers, now))
constexpr AbiRecordFacts abi_facts(const OwnedWebhookInput*) {
  return {"OwnedWebhookInput", "store,now"};
}

}  // namespace abi

namespace detail {

/// A struct described above: it crosses the ABI as a JSON object of its members.
template <class T>
concept AbiRecord = requires(const T* p) {
  { abi_facts(p) } -> std::same_as<AbiRecordFacts>;
};

template <AbiRecord T>
constexpr AbiRecordFacts facts_of() {
  return abi_facts(static_cast<const T*>(nullptr));
}

/// Whether a message must carry `T`'s member `key`.
template <AbiRecord T>
constexpr bool abi_member_required(std::string_view key) {
  std::string_view list = facts_of<T>().required;
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
