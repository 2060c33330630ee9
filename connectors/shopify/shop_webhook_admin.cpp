#include "shop_webhook_admin.hpp"

#include <boost/json.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

#include "shop_graphql.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

// WebhookSubscriptionTopic values behind the manifest's webhook events. Shopify has no
// disabled state: a subscription whose deliveries kept failing is deleted, so there is
// never anything to re-enable.
const std::vector<std::string>& wanted_topics() {
  static const std::vector<std::string> topics{
      "ORDERS_CREATE",   "ORDERS_UPDATED",  "CUSTOMERS_CREATE", "CUSTOMERS_UPDATE",
      "PRODUCTS_CREATE", "PRODUCTS_UPDATE", "CARTS_CREATE",     "CARTS_UPDATE"};
  return topics;
}

// `uri` replaced the deprecated `callbackUrl` (input and object) in 2025-10.
bool speaks_uri(const StoreContext& store) {
  const std::string version = api_version(store);
  return version == "unstable" || version >= "2025-10";
}

// An app sees only its own subscriptions; 100 is far above the eight it needs and keeps the
// query's requested cost near 100 points.
HttpRequest list_request(const StoreContext& store) {
  const std::string field = speaks_uri(store) ? "uri" : "callbackUrl";
  return graphql(store,
                 "query { webhookSubscriptions(first: 100) { nodes { id topic " + field + " } } }",
                 {}, {}, 102);
}

std::variant<std::vector<sdk::PlatformWebhook>, StepOutcome> parse_list(const StepInput& in) {
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  auto data = answer(in.responses.front());
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  const auto* nodes = sdk::Fields(&std::get<json::value>(data), "data")
                          .object("webhookSubscriptions")
                          .array("nodes");
  if (nodes == nullptr) return sdk::malformed(kName, "no webhookSubscriptions nodes");
  const char* address = speaks_uri(in.store) ? "uri" : "callbackUrl";
  std::vector<sdk::PlatformWebhook> out;
  for (const auto& node : *nodes) {
    const sdk::Fields f(&node, "webhook subscription");
    auto id = f.text("id");
    if (!id) continue;
    out.push_back({*id, f.text("topic").value_or(""), f.text(address).value_or(""), true});
  }
  return out;
}

std::vector<HttpRequest> changes(const StepInput& in, const sdk::WebhookPlan& plan) {
  std::vector<HttpRequest> requests;
  const char* address = speaks_uri(in.store) ? "uri" : "callbackUrl";
  for (const auto& topic : plan.create) {
    requests.push_back(graphql(
        in.store,
        "mutation($topic: WebhookSubscriptionTopic!, $subscription: WebhookSubscriptionInput!) { "
        "webhookSubscriptionCreate(topic: $topic, webhookSubscription: $subscription) { "
        "webhookSubscription { id } userErrors { field message } } }",
        {},
        json::object{
            {"topic", topic},
            {"subscription", json::object{{address, in.env.callback_url}, {"format", "JSON"}}}},
        10));
  }
  for (const auto& id : plan.remove) {
    requests.push_back(graphql(in.store,
                               "mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { "
                               "deletedWebhookSubscriptionId userErrors { field message } } }",
                               {}, json::object{{"id", id}}, 10));
  }
  return requests;
}

// GraphQL mutations answer HTTP 200 with their refusals in userErrors.
std::optional<StepOutcome> refused(const HttpResponse& r) {
  auto data = answer(r);
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  const sdk::Fields fields(&std::get<json::value>(data), "data");
  for (const char* root : {"webhookSubscriptionCreate", "webhookSubscriptionDelete"}) {
    const auto* errors = fields.object(root).array("userErrors");
    if (errors == nullptr || errors->empty()) continue;
    const std::string message =
        sdk::Fields(&errors->front(), "user error").text("message").value_or("refused");
    // Deleting what is already gone is what was wanted.
    if (root == std::string_view("webhookSubscriptionDelete") &&
        message.find("does not exist") != std::string::npos) {
      continue;
    }
    return StepOutcome::fail(ConnectorErrorKind::upstream_error,
                             "Shopify refused the webhook change: " + message);
  }
  return std::nullopt;
}

}  // namespace

StepOutcome webhook_admin_step(const StepInput& in) {
  if (in.env.callback_url.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "no callback URL for webhooks");
  }
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (in.state.empty()) return StepOutcome::need({list_request(in.store)}, "listed");
  if (sdk::changes_applied(in.state)) return sdk::finish_changes(in, kName, refused);
  if (in.state != "listed") return sdk::malformed(kName, "unknown webhook step");
  auto listed = parse_list(in);
  if (auto* failed = std::get_if<StepOutcome>(&listed)) return std::move(*failed);
  return sdk::after_listing(in, std::get<std::vector<sdk::PlatformWebhook>>(listed),
                            wanted_topics(),
                            [&](const sdk::WebhookPlan& plan) { return changes(in, plan); });
}

}  // namespace cartgate::shop
