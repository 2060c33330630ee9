// JSON encoding of the plugin ABI messages. Both the plugin side (plugin_export.hpp) and the
// gateway side use these functions, so the two can only disagree across ABI versions.
#include <cartgate/detail/abi_codec.hpp>

#include "abi_records.hpp"
#include "described.hpp"
#include "json_reader.hpp"

namespace cartgate {

namespace json = boost::json;
using boost::system::result;
using detail::finish;
using detail::to_json;
using Reader = detail::JsonReader;

// ---- conversions of the interface's plain structs (ADL finds them in namespace cartgate) ----

void tag_invoke(json::value_from_tag, json::value& jv, const HttpHeader& h) {
  jv = json::array{json::string(h.name), json::string(h.value)};
}
result<HttpHeader> tag_invoke(json::try_value_to_tag<HttpHeader>, const json::value& jv) {
  const auto* a = jv.if_array();
  if (a == nullptr || a->size() != 2 || !(*a)[0].is_string() || !(*a)[1].is_string()) {
    return boost::system::error_code(schema_errc::wrong_type);
  }
  return HttpHeader{std::string((*a)[0].get_string()), std::string((*a)[1].get_string())};
}

// ---- every described record (abi_records.hpp): an object of its members -----------------------

template <detail::AbiRecord T>
void tag_invoke(json::value_from_tag, json::value& jv, const T& v) {
  json::object o(jv.storage());
  o.reserve(detail::member_count<T>());
  detail::for_each_member(v, [&o](std::string_view name, const auto& member) {
    o.emplace(name, to_json(member, o.storage()));
  });
  jv = std::move(o);
}

template <detail::AbiRecord T>
result<T> tag_invoke(json::try_value_to_tag<T>, const json::value& jv) {
  Reader rd(jv);
  T out;
  detail::for_each_member(out, [&rd](std::string_view name, auto& member) {
    using Member = std::remove_cvref_t<decltype(member)>;
    if constexpr (std::is_same_v<Member, json::value>) {
      rd.any(name, member);  // the connector's own JSON (params, a result, an entity)
    } else if (detail::abi_member_required<T>(name)) {
      rd.required(name, member);
    } else {
      rd.defaulted(name, member);  // absent or null: the member's default (empty for optionals)
    }
  });
  return finish(rd, std::move(out));
}

namespace abi {
// The owned inputs live in namespace abi: argument-dependent lookup finds the record
// conversions for them here.
using cartgate::tag_invoke;  // NOLINT(misc-unused-using-decls): used through ADL
}  // namespace abi

// ---- the ABI messages ------------------------------------------------------------------------

namespace abi {

json::value encode_webhook_change(WebhookChange&& change, const json::storage_ptr& sp) {
  // The entity is moved, not copied: inbox entries carry whole orders.
  json::value entity(std::move(change.entity), sp);
  change.entity = nullptr;
  json::value out = json::value_from(change, sp);
  out.as_object()["entity"] = std::move(entity);
  return out;
}

result<WebhookChange> decode_webhook_change(const json::value& jv) {
  return json::try_value_to<WebhookChange>(jv);
}

result<json::value> parse(std::string_view text) {
  json::parse_options options;
  options.allow_invalid_utf8 = true;
  options.max_depth = 64;
  boost::system::error_code ec;
  json::value jv = json::parse(text, ec, {}, options);
  if (ec) return ec;
  return jv;
}

std::string serialize(const json::value& jv) {
  return json::serialize(jv);
}

json::value encode_manifest(const Manifest& m) {
  return json::value_from(m);
}

result<Manifest> decode_manifest(const json::value& jv) {
  return json::try_value_to<Manifest>(jv);
}

json::value encode_step_input(const StepInput& in) {
  // StepInput holds views; OwnedStepInput (described) has the same members, in this order.
  json::array responses;
  responses.reserve(in.responses.size());
  for (const auto& r : in.responses)
    responses.push_back(json::value_from(r));
  return json::object{{"store", json::value_from(in.store)},
                      {"call", json::value_from(in.call)},
                      {"env", json::value_from(in.env)},
                      {"state", in.state},
                      {"responses", std::move(responses)}};
}

result<OwnedStepInput> decode_step_input(const json::value& jv) {
  return json::try_value_to<OwnedStepInput>(jv);
}

json::value encode_step_outcome(const StepOutcome& out) {
  json::object o{{"kind", to_json(out.kind)}, {"observations", to_json(out.observations)}};
  switch (out.kind) {
    case StepKind::requests:
      o["requests"] = to_json(out.requests);
      o["state"] = out.state;
      break;
    case StepKind::done:
      o["result"] = out.result;
      break;
    case StepKind::failed:
      o["error"] = json::value_from(out.error);
      break;
  }
  return o;
}

result<StepOutcome> decode_step_outcome(const json::value& jv) {
  Reader rd(jv);
  StepOutcome out;
  rd.required("kind", out.kind);
  rd.defaulted("observations", out.observations);
  if (rd.error()) return rd.error();
  switch (out.kind) {
    case StepKind::requests:
      rd.required("requests", out.requests);
      rd.defaulted("state", out.state);
      break;
    case StepKind::done:
      rd.any("result", out.result);
      break;
    case StepKind::failed:
      rd.required("error", out.error);
      break;
  }
  return finish(rd, std::move(out));
}

json::value encode_webhook_input(const StoreContext& store, const HttpHeaders& headers,
                                 Timestamp now) {
  return json::object{
      {"store", json::value_from(store)}, {"headers", to_json(headers)}, {"now", to_json(now)}};
}

result<OwnedWebhookInput> decode_webhook_input(const json::value& jv) {
  return json::try_value_to<OwnedWebhookInput>(jv);
}

json::value encode_webhook_result(const WebhookResult& r) {
  return json::value_from(r);
}

result<WebhookResult> decode_webhook_result(const json::value& jv) {
  return json::try_value_to<WebhookResult>(jv);
}

}  // namespace abi
}  // namespace cartgate
