#include "events/event_writer.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/crypto.hpp>

#include "embedded/event_append_lua.hpp"
#include "util/unix_ms.hpp"

namespace cartgate::events {

namespace asio = boost::asio;
namespace json = boost::json;
using boost::system::error_code;

namespace {

// A subscription change reaches every process's appends within this long.
constexpr auto kSubscriptionCacheTtl = std::chrono::seconds(1);

std::optional<std::int64_t> epoch_ms(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  auto t = parse_rfc3339(v->get_string());
  if (!t) return std::nullopt;
  return util::unix_ms(*t);
}

json::value identity_of(const Change& c) {
  if (const auto* id = c.data.if_contains("identity"); id != nullptr && id->is_object()) return *id;
  if (c.entity == Entity::customer) {
    const auto* email = c.data.if_contains("email");
    return json::object{{"email", email != nullptr ? *email : json::value(nullptr)},
                        {"customer_id", c.data.at("id")},
                        {"guest", false}};
  }
  // Products belong to no buyer.
  return json::object{{"email", nullptr}, {"customer_id", nullptr}, {"guest", false}};
}

}  // namespace

bool is_notice_type(std::string_view type) {
  return type == kWebhooksRepaired || type == kWebhooksFailing;
}

const redis::Script& event_append_script() {
  static const redis::Script script("event_append", std::string(embedded::event_append_lua));
  return script;
}

std::string event_id_for(const Change& c, std::int64_t updated_ms, std::string_view fingerprint) {
  std::string key = c.tenant;
  key.append("|").append(c.store_id).append("|").append(enum_name(c.entity)).append("|");
  key.append(std::string_view(c.data.at("id").as_string())).append("|");
  key.append(std::to_string(updated_ms));
  // A cart's abandonment or purchase is one per version of the cart, whatever the reading
  // that noticed it (a poll's list item and a re-check's single read can differ in detail).
  const bool transition =
      c.derived == EventType::cart_abandoned || c.derived == EventType::cart_converted;
  if (!transition) key.append("|").append(fingerprint);
  if (c.derived) key.append("|").append(enum_name(*c.derived));
  return "evt_" + sdk::hex_encode(sdk::sha256(key)).substr(0, 26);
}

json::array warnings_for(const json::value& read_result, std::string_view id) {
  json::array out;
  const auto* o = read_result.if_object();
  const auto* all = o != nullptr ? o->if_contains("warnings") : nullptr;
  if (all == nullptr || !all->is_array()) return out;
  for (const auto& w : all->as_array()) {
    const auto* entry = w.if_object();
    const auto* record = entry != nullptr ? entry->if_contains("record_id") : nullptr;
    if (record == nullptr || !record->is_string() || record->get_string() != id) continue;
    json::object copy = *entry;
    copy.erase("record_id");
    out.push_back(std::move(copy));
  }
  return out;
}

std::string envelope_tail(const Change& c) {
  json::object o;
  // First: event_append.lua makes it "api" (with the write's origin) by its text.
  o["source"] = enum_name(c.source);
  o["store_id"] = c.store_id;
  o["platform"] = c.platform;
  o["occurred_at"] = c.data.at("updated_at");
  o["received_at"] = format_rfc3339(c.received_at);
  o["identity"] = identity_of(c);
  o["data"] = c.data;
  if (!c.warnings.empty()) o["warnings"] = c.warnings;
  std::string text = json::serialize(o);
  return text.substr(1);  // without the opening brace: the envelope supplies it
}

std::string envelope(std::string_view id, std::string_view type, std::string_view tail) {
  std::string out;
  out.reserve(id.size() + type.size() + tail.size() + 24);
  out.append(R"({"id":")").append(id).append(R"(","type":")").append(type).append(R"(",)");
  out.append(tail);
  return out;
}

asio::awaitable<boost::system::result<const std::vector<Subscription>*>>
EventWriter::subscriptions_of(const std::string& tenant) {
  const auto now = std::chrono::steady_clock::now();
  auto it = cache_.find(tenant);
  if (it != cache_.end() && now - it->second.loaded < kSubscriptionCacheTtl) {
    co_return &it->second.subscriptions;
  }
  auto listed = co_await subscriptions_.list(tenant);
  if (!listed) co_return listed.error();
  auto& slot = cache_[tenant];
  slot.loaded = now;
  slot.subscriptions = std::move(*listed);
  co_return &slot.subscriptions;
}

asio::awaitable<boost::system::result<AppendOutcome>> EventWriter::append(const Change& c) {
  const auto* id = c.data.if_contains("id");
  const auto updated_ms = epoch_ms(c.data.if_contains("updated_at"));
  if (id == nullptr || !id->is_string() || !updated_ms) {
    co_return error_code(std::make_error_code(std::errc::invalid_argument));
  }
  const std::int64_t created_ms = epoch_ms(c.data.if_contains("created_at")).value_or(*updated_ms);
  const std::string data_text = json::serialize(c.data);
  const std::string fingerprint = sdk::hex_encode(sdk::sha256(data_text)).substr(0, 16);
  AppendOutcome outcome;
  outcome.event_id = event_id_for(c, *updated_ms, fingerprint);

  const std::string entity(enum_name(c.entity));
  const std::string entity_id(id->get_string());
  // What a write adding the entity named it by before the platform gave it an id: a customer's
  // e-mail address (customer.add). Other entities have none: the in-flight mark stands in.
  const auto* email = c.entity == Entity::customer ? c.data.if_contains("email") : nullptr;
  std::string creation_mark =
      email != nullptr && email->is_string()
          ? keys_.creation_mark(c.tenant, c.store_id, entity, email->get_string())
          : keys_.write_mark(c.tenant, c.store_id, entity, entity_id, "");
  std::vector<std::string> keys{
      keys_.entity_version(c.tenant, c.store_id, entity, entity_id),
      keys_.events(c.tenant),
      keys_.event_record(c.tenant, outcome.event_id),
      keys_.write_mark(c.tenant, c.store_id, entity, entity_id, std::to_string(*updated_ms)),
      keys_.write_mark(c.tenant, c.store_id, entity, entity_id, ""),
      creation_mark};
  std::vector<std::string> args{std::to_string(*updated_ms) + ":" + fingerprint,
                                c.derived ? std::string(enum_name(*c.derived)) : entity,
                                std::to_string(created_ms),
                                std::to_string(c.tracked_since_ms),
                                std::to_string(config_.stream_max_len),
                                std::to_string(config_.retention_seconds),
                                outcome.event_id,
                                envelope_tail(c),
                                std::string(enum_name(c.source)),
                                c.store_id};
  add_delivery_args(args);
  const std::string add_type = c.derived ? std::string(enum_name(*c.derived)) : entity + ".add";
  const std::string update_type =
      c.derived ? std::string(enum_name(*c.derived)) : entity + ".update";
  co_return co_await run_append(c.tenant, c.store_id, add_type, update_type, std::move(keys),
                                std::move(args), std::move(outcome));
}

asio::awaitable<boost::system::result<AppendOutcome>> EventWriter::append_notice(const Notice& n) {
  const std::int64_t at_ms = util::unix_ms(n.at);
  AppendOutcome outcome;
  // One notice per store, kind and moment: a retried append finds its own record.
  std::string key = n.tenant;
  key.append("|").append(n.store_id).append("|").append(n.type).append("|");
  key.append(std::to_string(at_ms));
  outcome.event_id = "evt_" + sdk::hex_encode(sdk::sha256(key)).substr(0, 26);

  json::object tail{
      {"source", "poll"},  // found by the poller's webhook check
      {"store_id", n.store_id},
      {"platform", n.platform},
      {"occurred_at", format_rfc3339(n.at)},
      {"received_at", format_rfc3339(n.at)},
      {"identity", json::object{{"email", nullptr}, {"customer_id", nullptr}, {"guest", false}}},
      {"data", n.data}};
  const std::string type(n.type);
  // The version key is not read for a full event type; it only shares the tenant's hash tag.
  // Nor the write marks: a notice is no entity's change.
  std::vector<std::string> keys{keys_.entity_version(n.tenant, n.store_id, "store", type),
                                keys_.events(n.tenant),
                                keys_.event_record(n.tenant, outcome.event_id),
                                keys_.write_mark(n.tenant, n.store_id, "store", type, ""),
                                keys_.write_mark(n.tenant, n.store_id, "store", type, ""),
                                keys_.write_mark(n.tenant, n.store_id, "store", type, "")};
  std::vector<std::string> args{std::to_string(at_ms) + ":notice",
                                type,
                                std::to_string(at_ms),
                                "0",
                                std::to_string(config_.stream_max_len),
                                std::to_string(config_.retention_seconds),
                                outcome.event_id,
                                json::serialize(tail).substr(1),
                                "poll",
                                n.store_id};
  add_delivery_args(args);
  co_return co_await run_append(n.tenant, n.store_id, type, type, std::move(keys), std::move(args),
                                std::move(outcome));
}

void EventWriter::add_delivery_args(std::vector<std::string>& args) const {
  const std::int64_t now_ms = util::unix_ms_now();
  args.push_back(std::to_string(config_.max_queue_length));
  args.push_back(format_rfc3339(util::timestamp_of_ms(now_ms - now_ms % 1000)));
  args.push_back(
      std::to_string(std::max<std::int64_t>(0, now_ms - config_.retention_seconds * 1000)));
}

asio::awaitable<boost::system::result<AppendOutcome>> EventWriter::run_append(
    const std::string& tenant, const std::string& store_id, const std::string& add_type,
    const std::string& update_type, std::vector<std::string> keys, std::vector<std::string> args,
    AppendOutcome outcome) {
  auto subs = co_await subscriptions_of(tenant);
  if (!subs) co_return subs.error();
  for (const auto& s : **subs) {
    const auto decide = [&](const std::string& type) {
      auto why = suppression(s, type, store_id);
      return why ? std::string(*why) : std::string("queue");
    };
    keys.push_back(keys_.subscription_queue(tenant, s.id));
    keys.push_back(keys_.dead_letters(tenant, s.id));
    args.push_back(s.id + "|" + decide(add_type) + "|" + decide(update_type));
  }
  auto r = co_await redis_.eval(event_append_script(), keys, args);
  if (auto ec = redis::failure_of(r)) co_return ec;
  if (r->elements.size() < 2) co_return error_code(redis::errc::unexpected_reply);
  outcome.appended = r->elements[0].as_integer().value_or(0) == 1;
  if (outcome.appended) {
    outcome.type = r->elements[1].str;
    if (on_queued_ && !(*subs)->empty()) on_queued_();
  } else {
    outcome.reason = r->elements[1].str;
  }
  co_return outcome;
}

}  // namespace cartgate::events
