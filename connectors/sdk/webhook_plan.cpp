#include <algorithm>
#include <set>

#include <boost/json.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/webhook_plan.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

WebhookPlan plan_webhooks(const std::vector<PlatformWebhook>& existing,
                          const std::vector<std::string>& wanted_topics,
                          const std::string& callback_url) {
  WebhookPlan plan;
  std::set<std::string> covered;
  for (const auto& w : existing) {
    if (w.address != callback_url) continue;
    const bool wanted =
        std::find(wanted_topics.begin(), wanted_topics.end(), w.topic) != wanted_topics.end();
    // A second subscription for a covered topic would deliver everything twice.
    if (!wanted || covered.contains(w.topic)) {
      plan.remove.push_back(w.id);
      continue;
    }
    covered.insert(w.topic);
    if (w.active) {
      ++plan.kept;
    } else {
      plan.reactivate.push_back(w.id);
    }
  }
  for (const auto& topic : wanted_topics) {
    if (!covered.contains(topic)) plan.create.push_back(topic);
  }
  return plan;
}

std::vector<PlatformWebhook> ours(const std::vector<PlatformWebhook>& existing,
                                  const std::string& callback_url) {
  std::vector<PlatformWebhook> out;
  for (const auto& w : existing) {
    if (w.address == callback_url) out.push_back(w);
  }
  return out;
}

json::value plan_summary(const WebhookPlan& plan) {
  const auto count = [](const std::vector<std::string>& v) {
    return static_cast<std::int64_t>(v.size());
  };
  return json::object{{"created", count(plan.create)},
                      {"reactivated", count(plan.reactivate)},
                      {"removed", count(plan.remove)},
                      {"kept", plan.kept}};
}

json::value list_result(const std::vector<PlatformWebhook>& webhooks) {
  json::array out;
  for (const auto& w : webhooks) {
    out.push_back(json::object{{"id", w.id}, {"topic", w.topic}, {"active", w.active}});
  }
  return json::object{{"subscriptions", std::move(out)}};
}

namespace {

bool read_strings(const json::object& o, std::string_view key, std::vector<std::string>& out) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_array()) return false;
  for (const auto& e : v->get_array()) {
    if (!e.is_string()) return false;
    out.emplace_back(e.get_string());
  }
  return true;
}

}  // namespace

std::string encode_plan(const WebhookPlan& plan) {
  return json::serialize(json::object{{"create", json::value_from(plan.create)},
                                      {"reactivate", json::value_from(plan.reactivate)},
                                      {"remove", json::value_from(plan.remove)},
                                      {"kept", plan.kept}});
}

bool decode_plan(std::string_view state, WebhookPlan& plan) {
  boost::system::error_code ec;
  auto v = json::parse(state, ec);
  if (ec || !v.is_object()) return false;
  const auto& o = v.get_object();
  const auto* kept = o.if_contains("kept");
  if (kept == nullptr || !kept->is_int64()) return false;
  plan.kept = static_cast<int>(kept->get_int64());
  return read_strings(o, "create", plan.create) && read_strings(o, "reactivate", plan.reactivate) &&
         read_strings(o, "remove", plan.remove);
}

namespace {
constexpr std::string_view kApplied = "applied:";
}  // namespace

StepOutcome after_listing(const StepInput& in, const std::vector<PlatformWebhook>& existing,
                          const std::vector<std::string>& wanted, const PlanRequests& requests) {
  const std::string& callback = in.env.callback_url;
  WebhookPlan plan;
  switch (in.call.kind) {
    case CallKind::webhooks_list:
      return StepOutcome::finished(list_result(ours(existing, callback)));
    case CallKind::webhooks_clear:
      for (const auto& w : ours(existing, callback))
        plan.remove.push_back(w.id);
      break;
    default:
      plan = plan_webhooks(existing, wanted, callback);
  }
  auto out = requests(plan);
  if (out.empty()) return StepOutcome::finished(plan_summary(plan));
  return StepOutcome::need(std::move(out), std::string(kApplied) + encode_plan(plan));
}

bool changes_applied(std::string_view state) {
  return state.starts_with(kApplied);
}

StepOutcome finish_changes(const StepInput& in, std::string_view platform,
                           const ChangeCheck& check) {
  WebhookPlan plan;
  if (!decode_plan(in.state.substr(kApplied.size()), plan)) {
    return malformed(platform, "lost the webhook plan");
  }
  for (const auto& r : in.responses) {
    if (auto failed = check ? check(r) : failure_for_status(r, platform)) {
      return std::move(*failed);
    }
  }
  return StepOutcome::finished(plan_summary(plan));
}

}  // namespace cartgate::sdk
