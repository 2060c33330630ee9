#include "woo_webhook_admin.hpp"

#include <boost/json.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

#include "woo_requests.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

// The topics behind the manifest's webhook events.
const std::vector<std::string>& wanted_topics() {
  static const std::vector<std::string> topics{"order.created",    "order.updated",
                                               "customer.created", "customer.updated",
                                               "product.created",  "product.updated"};
  return topics;
}

HttpRequest list_request(const StepInput& in) {
  return get(in.store, in.env, "webhooks", {{"per_page", "100"}, {"status", "all"}});
}

// The store's webhooks, or a failure.
std::variant<std::vector<sdk::PlatformWebhook>, StepOutcome> parse_list(const StepInput& in) {
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  auto body = sdk::json_answer(in.responses.front(), kName, "the webhook list");
  if (!body) return std::move(body.error());
  if (!body->is_array()) return sdk::malformed(kName, "the webhook list is not an array");
  std::vector<sdk::PlatformWebhook> out;
  for (const auto& item : body->get_array()) {
    const sdk::Fields f(&item, "webhook");
    auto id = f.id("id");
    if (!id) continue;
    out.push_back({*id, f.text("topic").value_or(""), f.text("delivery_url").value_or(""),
                   f.text("status").value_or("") == "active"});
  }
  return out;
}

std::vector<HttpRequest> changes(const StepInput& in, const sdk::WebhookPlan& plan) {
  std::vector<HttpRequest> requests;
  int index = 1;
  const auto secret = in.store.credentials.find("webhook_secret");
  for (const auto& topic : plan.create) {
    json::object body{{"name", "cartgate " + topic},
                      {"topic", topic},
                      {"delivery_url", in.env.callback_url},
                      {"status", "active"}};
    if (secret != in.store.credentials.end()) body["secret"] = secret->second;
    requests.push_back(
        request(in.store, in.env, "POST", "webhooks", {}, json::serialize(body), index++));
  }
  for (const auto& id : plan.reactivate) {
    requests.push_back(request(in.store, in.env, "PUT", "webhooks/" + id, {},
                               json::serialize(json::object{{"status", "active"}}), index++));
  }
  for (const auto& id : plan.remove) {
    requests.push_back(
        request(in.store, in.env, "DELETE", "webhooks/" + id, {{"force", "true"}}, {}, index++));
  }
  return requests;
}

}  // namespace

StepOutcome webhook_admin_step(const StepInput& in) {
  const bool sync = in.call.kind == CallKind::webhooks_sync;
  if (in.env.callback_url.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "no callback URL for webhooks");
  }
  if (sync && in.store.credentials.count("webhook_secret") == 0) {
    return StepOutcome::fail(ConnectorErrorKind::forbidden,
                             "the store has no webhook_secret to sign its webhooks with");
  }
  if (in.state.empty()) return StepOutcome::need({list_request(in)}, "listed");
  if (sdk::changes_applied(in.state)) return sdk::finish_changes(in, kName);
  if (in.state != "listed") return sdk::malformed(kName, "unknown webhook step");
  auto listed = parse_list(in);
  if (auto* failed = std::get_if<StepOutcome>(&listed)) return std::move(*failed);
  return sdk::after_listing(in, std::get<std::vector<sdk::PlatformWebhook>>(listed),
                            wanted_topics(),
                            [&](const sdk::WebhookPlan& plan) { return changes(in, plan); });
}

}  // namespace cartgate::woo
