#pragma once
// Reconciling a platform's webhook subscriptions with what the gateway needs, the same way on
// every platform: webhooks_sync lists what exists, plans with these functions, then creates,
// re-enables and removes. Only subscriptions pointing at the gateway's callback URL are
// touched; the merchant's other webhooks are left alone.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::sdk {

struct PlatformWebhook {
  std::string id;
  std::string topic;    // the platform's own topic/scope name
  std::string address;  // where it delivers
  bool active = true;   // false: disabled/paused by the platform or the merchant
};

struct WebhookPlan {
  std::vector<std::string> create;      // topics with no subscription at the callback
  std::vector<std::string> reactivate;  // ids of ours the platform disabled
  std::vector<std::string> remove;      // ids of ours no longer wanted, or duplicates
  int kept = 0;                         // ours, active and wanted
};

WebhookPlan plan_webhooks(const std::vector<PlatformWebhook>& existing,
                          const std::vector<std::string>& wanted_topics,
                          const std::string& callback_url);

/// The subscriptions that point at `callback_url` (webhooks_list, webhooks_clear).
std::vector<PlatformWebhook> ours(const std::vector<PlatformWebhook>& existing,
                                  const std::string& callback_url);

/// {"created":n,"reactivated":n,"removed":n,"kept":n}: the webhooks_sync result.
boost::json::value plan_summary(const WebhookPlan& plan);

/// {"subscriptions":[{"id","topic","active"}...]}: the webhooks_list result.
boost::json::value list_result(const std::vector<PlatformWebhook>& webhooks);

/// The plan state carried between steps, and back.
std::string encode_plan(const WebhookPlan& plan);
bool decode_plan(std::string_view state, WebhookPlan& plan);

/// The requests that carry out `plan` for one platform.
using PlanRequests = std::function<std::vector<HttpRequest>(const WebhookPlan&)>;

/// The step after the list was read, the same on every platform: webhooks_list answers what
/// points at the callback; webhooks_clear removes it; webhooks_sync reconciles it with
/// `wanted`. Changes run as one step in state "applied:<plan>".
StepOutcome after_listing(const StepInput& in, const std::vector<PlatformWebhook>& existing,
                          const std::vector<std::string>& wanted, const PlanRequests& requests);

/// True for the state after_listing hands over; then finish_changes answers the step.
bool changes_applied(std::string_view state);
/// Reads one answer to a change; a failure stops the step. Default: the HTTP status.
using ChangeCheck = std::function<std::optional<StepOutcome>(const HttpResponse&)>;
StepOutcome finish_changes(const StepInput& in, std::string_view platform,
                           const ChangeCheck& check = {});

}  // namespace cartgate::sdk
