// order.update on Shopify, step by step:
//   1. query order(id) { note cancelledAt }: the note a note is added to (the order has one
//      note, which orderUpdate replaces) and whether it is cancelled already; for on_hold and
//      processing also its fulfillment orders and their holds;
//   2. cancelled, on an open order: orderCancel (no refund, no restock, the customer not told).
//      It answers with a job; until the job says done, job(id) is asked again (a few times: it
//      runs in seconds). on_hold and processing: holds placed or released (shop_holds.cpp);
//   3. a note: orderUpdate(input: {id, note}) with the note added as a paragraph;
//   4. the order as order.info reads it: the connector's own read, by id.
// Shopify derives an order's other statuses from its payments and fulfillments: those are
// refused before anything is sent. With `reconcile`, a note already in the order's note as a
// paragraph of its own is not added again, and a cancelled order is not cancelled again.
#include "shop_writes.hpp"

#include <optional>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "shop_customers.hpp"
#include "shop_graphql.hpp"
#include "shop_holds.hpp"
#include "shop_products.hpp"
#include "shop_reads.hpp"
#include "shop_shipments.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr int kJobChecks = 10;

constexpr std::string_view kLookQuery =
    "query($id: ID!) { order(id: $id) { id note cancelledAt } }";
constexpr std::string_view kCancelMutation =
    "mutation($id: ID!) { orderCancel(orderId: $id, reason: OTHER, refund: false, "
    "restock: false, notifyCustomer: false) { job { id done } "
    "orderCancelUserErrors { field message code } } }";
constexpr std::string_view kJobQuery = "query($id: ID!) { job(id: $id) { id done } }";
constexpr std::string_view kNoteMutation =
    "mutation($input: OrderInput!) { orderUpdate(input: $input) { order { id } "
    "userErrors { field message } } }";
constexpr double kMutationCost = 10;

bool holds_or_releases(const sdk::OrderUpdateParams& u) {
  return u.status == "on_hold" || u.status == "processing";
}

std::variant<sdk::OrderUpdateParams, StepOutcome> read_params(const StepInput& in) {
  auto u = sdk::order_update_params(in.call, kName);
  if (!u) return std::move(u.error());
  if (!u->status.empty() && u->status != "cancelled" && !holds_or_releases(*u)) {
    return StepOutcome::fail(ConnectorErrorKind::unsupported,
                             "Shopify derives an order's status from its payments and "
                             "fulfillments; only cancelled, on_hold and processing (a hold "
                             "released) can be set.");
  }
  return std::move(*u);
}

std::string gid(const sdk::OrderUpdateParams& u) {
  return "gid://shopify/Order/" + u.id;
}

std::string state_of(std::string_view phase, json::object extra = {}) {
  extra["write"] = phase;
  return json::serialize(extra);
}

HttpRequest note_mutation(const StepInput& in, const sdk::OrderUpdateParams& u,
                          const std::string& note) {
  return graphql(in.store, kNoteMutation, {},
                 {{"input", json::object{{"id", gid(u)}, {"note", note}}}}, kMutationCost);
}

// After the look: what is left to do, and its first request.
StepOutcome after_look(const StepInput& in, const sdk::OrderUpdateParams& u,
                       const json::object& data) {
  const auto* order = data.if_contains("order");
  if (order == nullptr || !order->is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such order.", 404);
  }
  const auto& o = order->as_object();
  std::string note;
  if (const auto* n = o.if_contains("note"); n != nullptr && n->is_string()) note = n->get_string();
  std::optional<std::string> new_note;
  if (u.note && !(u.reconcile && sdk::holds_paragraph(note, *u.note))) {
    new_note = sdk::with_paragraph(note, *u.note);
  }
  const auto* cancelled = o.if_contains("cancelledAt");
  const bool cancel_due = u.status == "cancelled" && (cancelled == nullptr || cancelled->is_null());
  json::object extra;
  if (new_note) extra["note"] = *new_note;
  if (holds_or_releases(u)) {
    auto change = hold_change(in, u, o);
    if (auto* refused = std::get_if<StepOutcome>(&change)) return std::move(*refused);
    if (auto& request = std::get<std::optional<HttpRequest>>(change)) {
      return StepOutcome::need({std::move(*request)}, state_of("hold", std::move(extra)));
    }
  }
  if (cancel_due) {
    return StepOutcome::need(
        {graphql(in.store, kCancelMutation, {}, {{"id", gid(u)}}, kMutationCost)},
        state_of("cancel", std::move(extra)));
  }
  if (new_note) return StepOutcome::need({note_mutation(in, u, *new_note)}, state_of("note"));
  return read_back(in, Entity::order, u.id, {});
}

// After the cancel (or a job check): the job again, the note, or the read back.
StepOutcome after_cancel(const StepInput& in, const sdk::OrderUpdateParams& u,
                         const json::object& data, json::object state) {
  const auto* payload = data.if_contains(state.at("write") == "cancel" ? "orderCancel" : "job");
  if (payload == nullptr || !payload->is_object()) return sdk::malformed(kName, "no payload");
  const json::object* job = &payload->as_object();
  if (state.at("write") == "cancel") {
    if (auto refused = user_errors(*job, "orderCancelUserErrors")) return std::move(*refused);
    const auto* j = job->if_contains("job");
    job = j != nullptr && j->is_object() ? &j->as_object() : nullptr;
  }
  const auto* done = job != nullptr ? job->if_contains("done") : nullptr;
  const auto* id = job != nullptr ? job->if_contains("id") : nullptr;
  if (done != nullptr && done->is_bool() && !done->get_bool() && id != nullptr && id->is_string()) {
    const std::int64_t checks = state.contains("checks") ? state.at("checks").as_int64() : 0;
    if (checks < kJobChecks) {
      state["checks"] = checks + 1;
      state["write"] = "job";
      return StepOutcome::need({graphql(in.store, kJobQuery, {}, {{"id", *id}}, 1)},
                               json::serialize(state));
    }
    // The order is read back either way: it shows whether the cancel has landed.
  }
  if (const auto* note = state.if_contains("note"); note != nullptr && note->is_string()) {
    return StepOutcome::need({note_mutation(in, u, std::string(note->get_string()))},
                             state_of("note"));
  }
  return read_back(in, Entity::order, u.id, {});
}

}  // namespace

std::vector<WriteCapability> write_capabilities() {
  return {{"order.update",
           {"status", "note"},
           "status: cancelled (orderCancel: no refund, no restock, the customer not notified), "
           "on_hold (fulfillmentOrderHold on each fulfillment order with work left) and "
           "processing (fulfillmentOrderReleaseHold of the holds this app placed); Shopify "
           "derives the other statuses from payments and fulfillments. note: added as a "
           "paragraph to the order's note (orderUpdate), which staff see."},
          {"order.shipment.add",
           {"line_items", "tracking_number", "carrier", "tracking_url", "notify_customer"},
           "fulfillmentCreate on the order's fulfillment orders (needs the "
           "write_merchant_managed_fulfillment_orders scope): the lines as fulfillment order "
           "line items, all from one location; the carrier is the tracking company; "
           "notify_customer sends Shopify's shipping confirmation."},
          {"product.update",
           {"price", "compare_at_price", "status", "stock_quantity"},
           "status: productUpdate (write_products). Prices: the product's one variant "
           "(productVariantsBulkUpdate); a product with options is refused. Stock: "
           "inventorySetQuantities of available at the location the item is stocked at (its "
           "tracking turned on; write_inventory); an item stocked at several locations is "
           "refused."},
          {"product.variant.update",
           {"price", "compare_at_price", "stock_quantity"},
           "Prices: productVariantsBulkUpdate on the variant (write_products). Stock: "
           "inventorySetQuantities of available at the location the item is stocked at (its "
           "tracking turned on; write_inventory); an item stocked at several locations is "
           "refused."},
          {"customer.update",
           {"first_name", "last_name", "email", "phone", "email_marketing", "default_address"},
           "customerUpdate (write_customers): the phone in a form Shopify reads as E.164 and "
           "unique in the shop, the e-mail address unique too; \"\" removes the phone; the "
           "consent through customerEmailMarketingConsentUpdate; the default address through "
           "customerAddressUpdate or customerAddressCreate (a region by its code)."},
          {"customer.add",
           {"email", "first_name", "last_name", "phone", "email_marketing", "default_address"},
           "customerCreate (write_customers): the e-mail address unique in the shop, the phone "
           "in a form Shopify reads as E.164 and unique too."}};
}

StepOutcome write_step(const StepInput& in) {
  const auto* op =
      in.call.params.is_object() ? in.call.params.get_object().if_contains("operation") : nullptr;
  if (op != nullptr && *op == "order.shipment.add") return shipment_step(in);
  if (op != nullptr && *op == "product.update") return product_update_step(in);
  if (op != nullptr && *op == "product.variant.update") return product_variant_update_step(in);
  if (op != nullptr && *op == "customer.update") return customer_update_step(in);
  if (op != nullptr && *op == "customer.add") return customer_add_step(in);
  auto params = read_params(in);
  if (auto* failed = std::get_if<StepOutcome>(&params)) return std::move(*failed);
  const auto& u = std::get<sdk::OrderUpdateParams>(params);
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  if (in.state.empty()) {
    const std::string_view look = holds_or_releases(u) ? kHoldLookQuery : kLookQuery;
    return StepOutcome::need({graphql(in.store, look, {}, {{"id", gid(u)}}, 1)}, state_of("look"));
  }
  if (in.state.starts_with(kReadBack))
    return read_back(in, Entity::order, u.id, in.state.substr(kReadBack.size()));
  auto state = sdk::write_state(in, "write", kName);
  if (!state) return std::move(state.error());
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  const auto& d = std::get<json::object>(data);
  const std::string_view at = state->phase;
  if (at == "look") return with_observation(after_look(in, u, d), in);
  if (at == "hold") {
    if (auto refused = hold_refused(d)) return with_observation(std::move(*refused), in);
    if (const auto* note = state->fields.if_contains("note");
        note != nullptr && note->is_string()) {
      return with_observation(
          StepOutcome::need({note_mutation(in, u, std::string(note->get_string()))},
                            state_of("note")),
          in);
    }
    return with_observation(read_back(in, Entity::order, u.id, {}), in);
  }
  if (at == "cancel" || at == "job") {
    return with_observation(after_cancel(in, u, d, std::move(state->fields)), in);
  }
  if (at == "note") {
    const auto* payload = d.if_contains("orderUpdate");
    if (payload == nullptr || !payload->is_object()) return sdk::malformed(kName, "no payload");
    if (auto refused = user_errors(payload->as_object(), "userErrors")) {
      return with_observation(std::move(*refused), in);
    }
    return with_observation(read_back(in, Entity::order, u.id, {}), in);
  }
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::shop
