#pragma once
// Reconciling a platform's webhook subscriptions with what the gateway needs, the same way on
// every platform: webhooks_sync lists what exists, plans with these functions, then creates,
// re-enables and removes. Only subscriptions pointing at the gateway's callback URL are
// touched; the merchant's other webhooks are left alone.

#include <string>
#include <vector>

#include <boost/json/value.hpp>

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

}  // namespace cartgate::sdk
