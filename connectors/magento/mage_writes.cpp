// order.update on Magento 2, step by step:
//   1. GET orders/<id>: the order's state, status, hold_before_state and status histories;
//   2. the status, through the action Magento has for it (Magento sets no status by hand: its
//      states move by actions, invoices and shipments): cancelled → POST orders/<id>/cancel
//      (which answers false, not an error, when Order::canCancel() says no), on_hold →
//      POST orders/<id>/hold, processing or pending → POST orders/<id>/unhold when the order is
//      held and the hold returns it to that state; none when the order is there already;
//   3. the note: POST orders/<id>/comments with a status-history comment carrying the order's
//      status after step 2, because Order::addStatusHistory() sets the order's status to the
//      comment's, and to none when the comment has none (magento/magento2#34180); 2.4.7 and
//      later refuse to change the status there, which the same status never does;
//   4. GET orders/<id>: the order as it now is.
// The status goes first so that a refusal (a cancel Magento declines) leaves nothing written.
// With `reconcile`, a comment with the same text made no earlier than five minutes before the
// first attempt began is taken for that attempt's; an action is skipped when the order is
// already in its state, which step 1 shows.
#include "mage_writes.hpp"

#include <optional>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_customers.hpp"
#include "mage_mapping.hpp"
#include "mage_products.hpp"
#include "mage_requests.hpp"
#include "mage_shipments.hpp"

namespace cartgate::mage {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "Magento";
using OrderUpdate = sdk::OrderUpdateParams;

std::variant<OrderUpdate, StepOutcome> read_params(const StepInput& in) {
  auto u = sdk::order_update_params(in.call, kName);
  if (!u) return std::move(u.error());
  if (u->status == "completed") {
    return StepOutcome::fail(ConnectorErrorKind::unsupported,
                             "Magento completes an order by invoicing and shipping it; no "
                             "status sets it complete.");
  }
  return std::move(*u);
}

// The action that moves an order in `state` (held ones return to `before`) to `status`:
// "" when it is there, nullopt when Magento has none.
std::optional<std::string> action_for(std::string_view status, std::string_view state,
                                      std::string_view before) {
  if (status == "cancelled") return state == "canceled" ? "" : "cancel";
  if (status == "on_hold") return state == "holded" ? "" : "hold";
  const std::string_view wanted = status == "processing" ? "processing" : "new";
  if (state == wanted) return "";
  if (state == "holded" && before == wanted) return "unhold";
  return std::nullopt;
}

// The status the order has after `action` (Order::cancel/hold take their state's default
// status, unhold() restores the one it held).
std::string status_after(std::string_view action, const json::object& order) {
  if (action == "cancel") return "canceled";
  if (action == "hold") return "holded";
  if (action == "unhold") {
    // The state's default status when the answer leaves hold_before_status out: unhold is sent
    // only to return to new (pending) or processing.
    std::string held = sdk::string_field(order, "hold_before_status");
    if (!held.empty()) return held;
    const std::string state = sdk::string_field(order, "hold_before_state");
    return state == "new" ? "pending" : state;
  }
  return sdk::string_field(order, "status");
}

// Whether the order's status histories hold `text` made at or after `since` (less the skew).
bool holds_comment(const json::object& order, const std::string& text,
                   std::optional<Timestamp> since) {
  const auto* histories = order.if_contains("status_histories");
  if (histories == nullptr || !histories->is_array()) return false;
  for (const auto& h : histories->get_array()) {
    const auto* o = h.if_object();
    if (o == nullptr || sdk::string_field(*o, "comment") != text) continue;
    if (sdk::may_be_the_attempts(sdk::parse_naive_utc(sdk::string_field(*o, "created_at")),
                                 since)) {
      return true;
    }
  }
  return false;
}

HttpRequest post(const StepInput& in, const OrderUpdate& u, std::string_view action,
                 std::string body = "{}") {
  return request(in.store, in.env, "POST", "orders/" + u.id + "/" + std::string(action), {},
                 std::move(body));
}

HttpRequest comment(const StepInput& in, const OrderUpdate& u, const std::string& status) {
  // No parent_id: addStatusHistory() ties the comment to the order in the path.
  json::object history{
      {"comment", *u.note}, {"is_customer_notified", 0}, {"is_visible_on_front", 0}};
  if (!status.empty()) history["status"] = status;
  return post(in, u, "comments", json::serialize(json::object{{"statusHistory", history}}));
}

StepOutcome read_back(const StepInput& in, const OrderUpdate& u) {
  return StepOutcome::need({get(in.store, in.env, "orders/" + u.id, {})}, R"({"write":"read"})");
}

// After step 1: the plan, and its first request.
StepOutcome plan(const StepInput& in, const OrderUpdate& u) {
  auto order = sdk::json_answer(in.responses.front(), kName, "the order", in.call.storage);
  if (!order) return std::move(order.error());
  const auto* o = order->if_object();
  if (o == nullptr) return sdk::malformed(kName, "the order is not a JSON object");
  std::string action;
  if (!u.status.empty()) {
    auto found = action_for(u.status, sdk::string_field(*o, "state"),
                            sdk::string_field(*o, "hold_before_state"));
    if (!found) {
      return StepOutcome::fail(ConnectorErrorKind::unsupported,
                               "Magento cannot move an order in state '" +
                                   sdk::string_field(*o, "state") + "' to " + u.status +
                                   ": its orders move on by invoices and shipments, and only a "
                                   "release of a hold returns one to the state it left.");
    }
    action = *found;
  }
  const bool note_due = u.note && !(u.reconcile && holds_comment(*o, *u.note, u.since));
  json::object state{{"write", "act"}, {"status", status_after(action, *o)}, {"note", note_due}};
  if (!action.empty()) {
    state["write"] = action;
    return StepOutcome::need({post(in, u, action)}, json::serialize(state));
  }
  if (note_due) {
    state["write"] = "comments";
    return StepOutcome::need({comment(in, u, status_after(action, *o))}, json::serialize(state));
  }
  return read_back(in, u);
}

StepOutcome finish_with_order(const StepInput& in) {
  auto body = sdk::json_answer(in.responses.front(), kName, "the order", in.call.storage);
  if (!body) return std::move(body.error());
  // Mapped before the answer moves into the result.
  auto mapped = sdk::any_entity(map_order(*body, in.store));
  return sdk::written_entity(mapped, std::move(*body), kName);
}

}  // namespace

std::vector<WriteCapability> write_capabilities() {
  return {{"order.update",
           {"status", "note"},
           "status: cancelled (cancel), on_hold (hold), and processing or pending to release a "
           "hold that returns the order there (unhold); Magento sets no other status by hand. "
           "note: a status-history comment the customer is not notified of."},
          {"order.shipment.add",
           {"line_items", "tracking_number", "carrier", "tracking_url", "notify_customer"},
           "One shipment (POST order/<id>/ship) with one track: the carrier is its title, and "
           "its carrier_code when it is ups, usps, fedex or dhl (custom otherwise). Magento "
           "tracks have no link: a tracking_url goes into the shipment's comment, shown to the "
           "customer and put in the shipment e-mail when notify_customer is true. A new order "
           "becomes processing; one invoiced and shipped in full becomes complete."},
          {"product.update",
           {"price", "compare_at_price", "status", "stock_quantity"},
           "PUT /rest/all/V1/products/<sku> (the global scope): on sale, the price is the "
           "special_price and the compare-at price the price; a sale ends through the price "
           "API (special-price-delete); status active enabled, draft disabled, archived "
           "disabled and not visible on its own; stock is the stock item's qty. Configurable, "
           "bundle and grouped products are refused."},
          {"customer.update",
           {"first_name", "last_name", "email", "phone", "email_marketing", "default_address"},
           "PUT /V1/customers/<id> with the whole customer as read (Magento saves the "
           "customer it is sent), addresses left as they are unless the default address or the "
           "phone changes; the e-mail address unique in "
           "the website; the consent is the newsletter subscription "
           "(extension_attributes.is_subscribed); the default address is the default billing "
           "address, and the phone its telephone (a customer without an address takes none)."},
          {"customer.add",
           {"email", "first_name", "last_name", "phone", "email_marketing", "default_address"},
           "POST /V1/customers (createAccount) in the store view's website: first_name and "
           "last_name are required, the e-mail address unique in the website; the consent is "
           "the newsletter subscription; a phone goes on the default address, so it needs "
           "default_address."}};
}

StepOutcome write_step(const StepInput& in) {
  const auto* op =
      in.call.params.is_object() ? in.call.params.get_object().if_contains("operation") : nullptr;
  if (op != nullptr && *op == "order.shipment.add") return shipment_step(in);
  if (op != nullptr && *op == "product.update") return product_update_step(in);
  if (op != nullptr && *op == "customer.update") return customer_update_step(in);
  if (op != nullptr && *op == "customer.add") return customer_add_step(in);
  auto params = read_params(in);
  if (auto* failed = std::get_if<StepOutcome>(&params)) return std::move(*failed);
  const auto& u = std::get<OrderUpdate>(params);
  if (in.state.empty()) {
    return StepOutcome::need({get(in.store, in.env, "orders/" + u.id, {})}, R"({"write":"plan"})");
  }
  auto state = sdk::write_state(in, "write", kName);
  if (!state) return std::move(state.error());
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  const std::string_view at = state->phase;
  if (at == "plan") return plan(in, u);
  if (at == "read") return finish_with_order(in);
  // An action or the comment answered: Magento's management API answers a bare boolean.
  auto answer = sdk::parse_platform_json(r.body);
  if (!answer || !answer->is_bool())
    return sdk::malformed(kName, "an action's answer is no boolean");
  if (!answer->get_bool()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "Magento declined to " + std::string(at) +
                                 " the order (Order::canCancel(): it is held, invoiced in full, "
                                 "or finished).",
                             r.status);
  }
  const auto* note_due = state->fields.if_contains("note");
  if (at != "comments" && note_due != nullptr && note_due->is_bool() && note_due->get_bool()) {
    state->fields["write"] = "comments";
    const auto* status = state->fields.if_contains("status");
    return StepOutcome::need(
        {comment(in, u,
                 status != nullptr && status->is_string() ? std::string(status->get_string())
                                                          : std::string())},
        json::serialize(state->fields));
  }
  return read_back(in, u);
}

}  // namespace cartgate::mage
