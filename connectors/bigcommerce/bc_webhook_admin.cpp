#include "bc_webhook_admin.hpp"

#include <optional>
#include <string>

#include <boost/json.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/crypto.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";

// The scopes behind the manifest's webhook events (see bc_webhook.cpp for how each maps).
const std::vector<std::string>& wanted_scopes() {
  static const std::vector<std::string> scopes{
      "store/order/created",    "store/order/updated",   "store/customer/created",
      "store/customer/updated", "store/product/created", "store/product/updated",
      "store/cart/created",     "store/cart/updated",    "store/cart/abandoned",
      "store/cart/converted",   "store/sku/updated",     "store/sku/inventory/updated"};
  return scopes;
}

std::variant<std::vector<sdk::PlatformWebhook>, StepOutcome> parse_list(const StepInput& in) {
  if (in.responses.size() != 1) return sdk::malformed(kName, "expected one answer");
  auto body = sdk::json_answer(in.responses.front(), kName, "the hook list");
  if (!body) return std::move(body.error());
  const auto* data = body->is_object() ? body->get_object().if_contains("data") : nullptr;
  if (data == nullptr || !data->is_array()) return sdk::malformed(kName, "no hook list in data");
  std::vector<sdk::PlatformWebhook> out;
  for (const auto& item : data->get_array()) {
    const sdk::Fields f(&item, "hook");
    auto id = f.id("id");
    if (!id) continue;
    out.push_back({*id, f.text("scope").value_or(""), f.text("destination").value_or(""),
                   f.boolean("is_active").value_or(false)});
  }
  return out;
}

std::vector<HttpRequest> changes(const StepInput& in, const sdk::WebhookPlan& plan) {
  std::vector<HttpRequest> requests;
  const std::string token = store_token(in.store);
  for (const auto& scope : plan.create) {
    json::object body{{"scope", scope},
                      {"destination", in.env.callback_url},
                      {"is_active", true},
                      {"headers", json::object{{kStoreTokenHeader, token}}}};
    requests.push_back(request(in.store, "POST", "/v3/hooks", {}, json::serialize(body)));
  }
  for (const auto& id : plan.reactivate) {
    json::object body{{"is_active", true}, {"headers", json::object{{kStoreTokenHeader, token}}}};
    requests.push_back(request(in.store, "PUT", "/v3/hooks/" + id, {}, json::serialize(body)));
  }
  for (const auto& id : plan.remove)
    requests.push_back(request(in.store, "DELETE", "/v3/hooks/" + id, {}));
  return requests;
}

// BigCommerce delivers only to HTTPS on port 443: POST /v3/hooks answers 422 for any other
// destination. That is the deployment's public URL, not something a retry mends: the answer
// becomes `unsupported` with the reason, so the gateway polls the store and says why.
std::optional<StepOutcome> hook_change_failure(const HttpResponse& r) {
  auto failed = sdk::failure_for_status(r, kName);
  if (failed && r.status == 422 && r.body.find("443") != std::string::npos) {
    return StepOutcome::fail(ConnectorErrorKind::unsupported,
                             "BigCommerce delivers webhooks only to HTTPS on port 443, and "
                             "events.public_url is not such an address: this store is polled");
  }
  return failed;
}

}  // namespace

std::string store_token(const StoreContext& store) {
  auto secret = store.credentials.find("client_secret");
  if (secret == store.credentials.end() || secret->second.empty()) return {};
  return sdk::base64url_encode(
      sdk::hmac_sha256(secret->second, "cartgate-store|" + store.store_id));
}

StepOutcome webhook_admin_step(const StepInput& in) {
  if (in.env.callback_url.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "no callback URL for webhooks");
  }
  if (in.call.kind == CallKind::webhooks_sync && store_token(in.store).empty()) {
    return StepOutcome::fail(ConnectorErrorKind::forbidden,
                             "the store has no client_secret to verify its webhooks with");
  }
  if (in.state.empty()) {
    // Only this app's hooks are listed; 250 is far above the 10 scopes the gateway needs.
    return StepOutcome::need({request(in.store, "GET", "/v3/hooks", {{"limit", "250"}})}, "listed");
  }
  if (sdk::changes_applied(in.state)) return sdk::finish_changes(in, kName, hook_change_failure);
  if (in.state != "listed") return sdk::malformed(kName, "unknown webhook step");
  auto listed = parse_list(in);
  if (auto* failed = std::get_if<StepOutcome>(&listed)) return std::move(*failed);
  return sdk::after_listing(in, std::get<std::vector<sdk::PlatformWebhook>>(listed),
                            wanted_scopes(),
                            [&](const sdk::WebhookPlan& plan) { return changes(in, plan); });
}

}  // namespace cartgate::bc
