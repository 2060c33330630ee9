// JSON encoding of the plugin ABI messages. Both the plugin side (plugin_export.hpp) and the
// gateway side use these functions, so the two can only disagree across ABI versions.
#include <cartgate/detail/abi_codec.hpp>

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

void tag_invoke(json::value_from_tag, json::value& jv, const HttpRequest& r) {
  jv = json::object{{"method", r.method},
                    {"url", r.url},
                    {"headers", to_json(r.headers)},
                    {"body", r.body},
                    {"cost", r.cost}};
}
result<HttpRequest> tag_invoke(json::try_value_to_tag<HttpRequest>, const json::value& jv) {
  Reader rd(jv);
  HttpRequest r;
  rd.required("method", r.method);
  rd.required("url", r.url);
  rd.defaulted("headers", r.headers);
  rd.defaulted("body", r.body);
  rd.defaulted("cost", r.cost);
  return finish(rd, std::move(r));
}

void tag_invoke(json::value_from_tag, json::value& jv, const HttpResponse& r) {
  jv = json::object{{"status", r.status}, {"headers", to_json(r.headers)}, {"body", r.body}};
}
result<HttpResponse> tag_invoke(json::try_value_to_tag<HttpResponse>, const json::value& jv) {
  Reader rd(jv);
  HttpResponse r;
  rd.required("status", r.status);
  rd.defaulted("headers", r.headers);
  rd.defaulted("body", r.body);
  return finish(rd, std::move(r));
}

void tag_invoke(json::value_from_tag, json::value& jv, const CredentialField& f) {
  jv = json::object{{"name", f.name},
                    {"secret", f.secret},
                    {"required", f.required},
                    {"description", f.description}};
}
result<CredentialField> tag_invoke(json::try_value_to_tag<CredentialField>, const json::value& jv) {
  Reader rd(jv);
  CredentialField f;
  rd.required("name", f.name);
  rd.defaulted("secret", f.secret);
  rd.defaulted("required", f.required);
  rd.defaulted("description", f.description);
  return finish(rd, std::move(f));
}

void tag_invoke(json::value_from_tag, json::value& jv, const EntityCapability& c) {
  jv = json::object{{"entity", to_json(c.entity)},
                    {"verbs", to_json(c.verbs)},
                    {"filters", to_json(c.filters)},
                    {"note", c.note},
                    {"date_bounds", to_json(c.date_bounds)}};
}
result<EntityCapability> tag_invoke(json::try_value_to_tag<EntityCapability>,
                                    const json::value& jv) {
  Reader rd(jv);
  EntityCapability c;
  rd.required("entity", c.entity);
  rd.required("verbs", c.verbs);
  rd.defaulted("filters", c.filters);
  rd.defaulted("note", c.note);
  rd.defaulted("date_bounds", c.date_bounds);  // absent (an older plugin): all four
  return finish(rd, std::move(c));
}

void tag_invoke(json::value_from_tag, json::value& jv, const EventCapability& c) {
  jv = json::object{{"type", to_json(c.type)}, {"delivery", to_json(c.delivery)}, {"note", c.note}};
}
result<EventCapability> tag_invoke(json::try_value_to_tag<EventCapability>, const json::value& jv) {
  Reader rd(jv);
  EventCapability c;
  rd.required("type", c.type);
  rd.required("delivery", c.delivery);
  rd.defaulted("note", c.note);
  return finish(rd, std::move(c));
}

void tag_invoke(json::value_from_tag, json::value& jv, const RateLimitPolicy& p) {
  jv = json::object{{"model", to_json(p.model)},
                    {"capacity", p.capacity},
                    {"refill_per_second", p.refill_per_second},
                    {"window_ms", p.window_ms}};
}
result<RateLimitPolicy> tag_invoke(json::try_value_to_tag<RateLimitPolicy>, const json::value& jv) {
  Reader rd(jv);
  RateLimitPolicy p;
  rd.required("model", p.model);
  rd.defaulted("capacity", p.capacity);
  rd.defaulted("refill_per_second", p.refill_per_second);
  rd.defaulted("window_ms", p.window_ms);
  return finish(rd, p);
}

void tag_invoke(json::value_from_tag, json::value& jv, const StoreAddressRule& a) {
  jv = json::object{{"url_template", a.url_template},
                    {"ref_name", a.ref_name},
                    {"ref_suffix", a.ref_suffix},
                    {"plain_http", a.plain_http}};
}
result<StoreAddressRule> tag_invoke(json::try_value_to_tag<StoreAddressRule>,
                                    const json::value& jv) {
  Reader rd(jv);
  StoreAddressRule a;
  rd.defaulted("url_template", a.url_template);
  rd.defaulted("ref_name", a.ref_name);
  rd.defaulted("ref_suffix", a.ref_suffix);
  rd.defaulted("plain_http", a.plain_http);
  return finish(rd, std::move(a));
}

void tag_invoke(json::value_from_tag, json::value& jv, const StoreContext& s) {
  jv = json::object{{"store_id", s.store_id},
                    {"base_url", s.base_url},
                    {"credentials", to_json(s.credentials)},
                    {"settings", to_json(s.settings)}};
}
result<StoreContext> tag_invoke(json::try_value_to_tag<StoreContext>, const json::value& jv) {
  Reader rd(jv);
  StoreContext s;
  rd.required("store_id", s.store_id);
  rd.required("base_url", s.base_url);
  rd.defaulted("credentials", s.credentials);
  rd.defaulted("settings", s.settings);
  return finish(rd, std::move(s));
}

void tag_invoke(json::value_from_tag, json::value& jv, const ReadQuery& q) {
  jv = json::object{{"entity", to_json(q.entity)},
                    {"verb", to_json(q.verb)},
                    {"id", q.id},
                    {"created_from", to_json(q.created_from)},
                    {"created_to", to_json(q.created_to)},
                    {"modified_from", to_json(q.modified_from)},
                    {"modified_to", to_json(q.modified_to)},
                    {"filters", to_json(q.filters)},
                    {"page_token", q.page_token},
                    {"page_size", q.page_size}};
}
result<ReadQuery> tag_invoke(json::try_value_to_tag<ReadQuery>, const json::value& jv) {
  Reader rd(jv);
  ReadQuery q;
  rd.required("entity", q.entity);
  rd.required("verb", q.verb);
  rd.defaulted("id", q.id);
  rd.optional("created_from", q.created_from);
  rd.optional("created_to", q.created_to);
  rd.optional("modified_from", q.modified_from);
  rd.optional("modified_to", q.modified_to);
  rd.defaulted("filters", q.filters);
  rd.defaulted("page_token", q.page_token);
  rd.defaulted("page_size", q.page_size);
  return finish(rd, std::move(q));
}

void tag_invoke(json::value_from_tag, json::value& jv, const ConnectorError& e) {
  jv = json::object{{"kind", to_json(e.kind)},
                    {"message", e.message},
                    {"upstream_status", to_json(e.upstream_status)},
                    {"retry_after_ms", to_json(e.retry_after_ms)}};
}
result<ConnectorError> tag_invoke(json::try_value_to_tag<ConnectorError>, const json::value& jv) {
  Reader rd(jv);
  ConnectorError e;
  rd.required("kind", e.kind);
  rd.defaulted("message", e.message);
  rd.optional("upstream_status", e.upstream_status);
  rd.optional("retry_after_ms", e.retry_after_ms);
  return finish(rd, std::move(e));
}

void tag_invoke(json::value_from_tag, json::value& jv, const RateLimitObservation& o) {
  jv = json::object{{"remaining", to_json(o.remaining)},
                    {"capacity", to_json(o.capacity)},
                    {"reset_ms", to_json(o.reset_ms)},
                    {"retry_after_ms", to_json(o.retry_after_ms)},
                    {"throttled", o.throttled}};
}
result<RateLimitObservation> tag_invoke(json::try_value_to_tag<RateLimitObservation>,
                                        const json::value& jv) {
  Reader rd(jv);
  RateLimitObservation o;
  rd.optional("remaining", o.remaining);
  rd.optional("capacity", o.capacity);
  rd.optional("reset_ms", o.reset_ms);
  rd.optional("retry_after_ms", o.retry_after_ms);
  rd.defaulted("throttled", o.throttled);
  return finish(rd, o);
}

namespace {

// `entity` is the change's entity, already in `sp` (copied or moved there by the caller).
json::object webhook_change_object(const WebhookChange& c, json::value entity,
                                   const json::storage_ptr& sp) {
  json::object o(sp);
  o.reserve(5);
  o.emplace("type", to_json(c.type));
  o.emplace("entity_id", c.entity_id);
  o.emplace("updated_at", to_json(c.updated_at));
  o.emplace("entity", std::move(entity));
  o.emplace("dedupe_id", c.dedupe_id);
  return o;
}

}  // namespace

void tag_invoke(json::value_from_tag, json::value& jv, const WebhookChange& c) {
  jv = webhook_change_object(c, json::value(c.entity, jv.storage()), jv.storage());
}
result<WebhookChange> tag_invoke(json::try_value_to_tag<WebhookChange>, const json::value& jv) {
  Reader rd(jv);
  WebhookChange c;
  rd.required("type", c.type);
  rd.required("entity_id", c.entity_id);
  rd.optional("updated_at", c.updated_at);
  rd.any("entity", c.entity);
  rd.defaulted("dedupe_id", c.dedupe_id);
  return finish(rd, std::move(c));
}

// ---- the ABI messages ------------------------------------------------------------------------

namespace abi {

json::value encode_webhook_change(WebhookChange&& change, const json::storage_ptr& sp) {
  json::value entity(std::move(change.entity), sp);
  return webhook_change_object(change, std::move(entity), sp);
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
  return json::object{{"platform", m.platform},
                      {"display_name", m.display_name},
                      {"connector_version", m.connector_version},
                      {"credentials", to_json(m.credentials)},
                      {"settings", to_json(m.settings)},
                      {"entities", to_json(m.entities)},
                      {"events", to_json(m.events)},
                      {"rate_limit", to_json(m.rate_limit)},
                      {"webhook_signature", to_json(m.webhook_signature)},
                      {"max_page_size", m.max_page_size},
                      {"store_address", json::value_from(m.store_address)},
                      {"webhooks_redelivered", m.webhooks_redelivered}};
}

result<Manifest> decode_manifest(const json::value& jv) {
  Reader rd(jv);
  Manifest m;
  rd.required("platform", m.platform);
  rd.defaulted("display_name", m.display_name);
  rd.defaulted("connector_version", m.connector_version);
  rd.defaulted("credentials", m.credentials);
  rd.defaulted("settings", m.settings);
  rd.defaulted("entities", m.entities);
  rd.defaulted("events", m.events);
  rd.defaulted("rate_limit", m.rate_limit);
  rd.defaulted("webhook_signature", m.webhook_signature);
  rd.defaulted("max_page_size", m.max_page_size);
  rd.defaulted("store_address", m.store_address);
  rd.defaulted("webhooks_redelivered", m.webhooks_redelivered);
  return finish(rd, std::move(m));
}

namespace {

json::value encode_call(const Call& c) {
  return json::object{
      {"kind", to_json(c.kind)}, {"read", json::value_from(c.read)}, {"params", c.params}};
}

json::value encode_env(const CallEnvironment& e) {
  return json::object{
      {"now", to_json(e.now)}, {"nonce", e.nonce}, {"callback_url", e.callback_url}};
}

}  // namespace

json::value encode_step_input(const StepInput& in) {
  json::array responses;
  responses.reserve(in.responses.size());
  for (const auto& r : in.responses)
    responses.push_back(json::value_from(r));
  return json::object{{"store", json::value_from(in.store)},
                      {"call", encode_call(in.call)},
                      {"env", encode_env(in.env)},
                      {"state", in.state},
                      {"responses", std::move(responses)}};
}

result<OwnedStepInput> decode_step_input(const json::value& jv) {
  Reader rd(jv);
  OwnedStepInput in;
  rd.required("store", in.store);
  rd.defaulted("state", in.state);
  rd.defaulted("responses", in.responses);
  if (rd.error()) return rd.error();

  const json::value* call = rd.object()->if_contains("call");
  const json::value* env = rd.object()->if_contains("env");
  if (call == nullptr || env == nullptr)
    return boost::system::error_code(schema_errc::missing_field);
  Reader call_rd(*call);
  call_rd.required("kind", in.call.kind);
  call_rd.defaulted("read", in.call.read);
  call_rd.any("params", in.call.params);
  if (call_rd.error()) return call_rd.error();
  Reader env_rd(*env);
  env_rd.required("now", in.env.now);
  env_rd.defaulted("nonce", in.env.nonce);
  env_rd.defaulted("callback_url", in.env.callback_url);
  if (env_rd.error()) return env_rd.error();
  return in;
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
  Reader rd(jv);
  OwnedWebhookInput in;
  rd.required("store", in.store);
  rd.defaulted("headers", in.headers);
  rd.required("now", in.now);
  return finish(rd, std::move(in));
}

json::value encode_webhook_result(const WebhookResult& r) {
  return json::object{
      {"verdict", to_json(r.verdict)}, {"reason", r.reason}, {"changes", to_json(r.changes)}};
}

result<WebhookResult> decode_webhook_result(const json::value& jv) {
  Reader rd(jv);
  WebhookResult r;
  rd.required("verdict", r.verdict);
  rd.defaulted("reason", r.reason);
  rd.defaulted("changes", r.changes);
  return finish(rd, std::move(r));
}

}  // namespace abi
}  // namespace cartgate
