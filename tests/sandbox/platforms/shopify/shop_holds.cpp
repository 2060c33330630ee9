// Fulfillment holds as the GraphQL Admin API (2025-10) takes them, from shopify.dev's reference
// (mutations fulfillmentOrderHold and fulfillmentOrderReleaseHold, FulfillmentOrderHoldInput,
// FulfillmentHold, and the FulfillmentOrderHoldUserErrorCode and
// FulfillmentOrderReleaseHoldUserErrorCode enums):
//  - fulfillmentOrderHold(id, fulfillmentHold: {reason, reasonNotes, notifyMerchant, handle,
//    externalId}) holds an OPEN or IN_PROGRESS fulfillment order, or adds a hold to one on hold
//    (2025-01 and later); an app's handle is unique among its holds on that fulfillment order
//    (DUPLICATE_FULFILLMENT_HOLD_HANDLE) and an app has at most 10 of them
//    (FULFILLMENT_ORDER_HOLD_LIMIT_REACHED). It answers {fulfillmentHold, fulfillmentOrder,
//    remainingFulfillmentOrder, userErrors};
//  - fulfillmentOrderReleaseHold(id, holdIds, externalId) releases the holds named (every hold,
//    the merchant's too, when none is named); the fulfillment order is released once none is
//    left, and the order returns to the state it was held in;
//  - both need a write_*_fulfillment_orders scope; each change fires
//    fulfillment_orders/placed_on_hold or fulfillment_orders/hold_released, and orders/updated
//    (the order's fulfillment status changed; that Shopify sends orders/updated here is our
//    reading).
#include "platforms/shopify/shop_holds.hpp"

#include <algorithm>
#include <atomic>

#include "control/change_events.hpp"
#include "platforms/shopify/shop_fulfillments.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_webhooks.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

constexpr std::int64_t kAppHoldBase = 6'700'000'000'000;
constexpr std::size_t kHoldsPerApp = 10;

json::object fulfillment_order_node_of(const Order& o) {
  return fulfillment_orders(o).at("__connection").as_array().at(0).as_object();
}

void announce(Store& store, Dispatcher& dispatcher, const Order& o, const char* topic, Time now) {
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "order", "updated", o.id);
  notify(
      store, dispatcher, topic,
      json::object{{"fulfillment_order",
                    json::object{{"id", fulfillment_order_node_of(o).at("id")},
                                 {"status",
                                  fulfillment_order_status(o) == "ON_HOLD" ? "on_hold" : "open"}}}},
      now);
}

json::value hold(Store& store, Dispatcher& dispatcher, const graphql::Selection& s,
                 const json::object& args, Time now, std::vector<graphql::Error>& errors) {
  const auto* given = args.if_contains("fulfillmentHold");
  const json::object* input = given != nullptr ? given->if_object() : nullptr;
  if (input == nullptr || !input->contains("reason") || !input->at("reason").is_string()) {
    return input_refused(s, errors,
                         "Argument 'reason' on InputObject 'FulfillmentOrderHoldInput' is "
                         "required. Expected type FulfillmentHoldReason!",
                         "missingRequiredInputObjectAttribute");
  }
  if (const auto* lines = input->if_contains("fulfillmentOrderLineItems");
      lines != nullptr && lines->is_array() && !lines->get_array().empty()) {
    return input_refused(s, errors, "The sandbox does not model holds of some line items",
                         "SANDBOX_NOT_EMULATED");
  }
  json::object payload{{"__typename", "FulfillmentOrderHoldPayload"},
                       {"fulfillmentHold", nullptr},
                       {"fulfillmentOrder", nullptr},
                       {"remainingFulfillmentOrder", nullptr}};
  const auto refused = [&](json::array field, const std::string& message, json::value code) {
    payload["userErrors"] =
        json::array{user_error("FulfillmentOrderHoldUserError", std::move(field), message, code)};
    return payload;
  };
  Order* o = order_of_fulfillment_order(store, args.if_contains("id"));
  if (o == nullptr) {
    return refused(json::array{"id"}, "The fulfillment order could not be found.",
                   "FULFILLMENT_ORDER_NOT_FOUND");
  }
  if (fulfillment_order_status(*o) == "CLOSED") {
    return refused(json::array{"id"}, "The fulfillment order's status does not allow a hold.",
                   nullptr);
  }
  const auto* h = input->if_contains("handle");
  const std::string handle = h != nullptr && h->is_string() ? std::string(h->get_string()) : "";
  if (std::any_of(o->app_holds.begin(), o->app_holds.end(),
                  [&](const FulfillmentHold& held) { return held.handle == handle; })) {
    return refused(json::array{"fulfillmentHold", "handle"},
                   "The handle provided for the fulfillment hold is already in use by this app "
                   "for another hold on this fulfillment order.",
                   "DUPLICATE_FULFILLMENT_HOLD_HANDLE");
  }
  if (o->app_holds.size() >= kHoldsPerApp) {
    return refused(json::array{"id"},
                   "The maximum number of fulfillment holds for this fulfillment order has been "
                   "reached for this app.",
                   "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED");
  }
  // The first hold remembers the state the order returns to; a merchant's hold is already the
  // order's state, and stays after the app's holds are released.
  if (o->state != OrderState::on_hold) {
    o->hold_before = o->state;
    o->state = OrderState::on_hold;
  }
  static std::atomic<std::int64_t> next_hold{0};  // stores are locked one by one, not together
  const FulfillmentHold made{kAppHoldBase + ++next_hold, handle};
  o->app_holds.push_back(made);
  o->updated = now;
  announce(store, dispatcher, *o, "fulfillment_orders/placed_on_hold", now);
  payload["fulfillmentHold"] = json::object{{"__typename", "FulfillmentHold"},
                                            {"id", gid("FulfillmentHold", made.id)},
                                            {"handle", made.handle},
                                            {"reason", input->at("reason")},
                                            {"heldByRequestingApp", true}};
  payload["fulfillmentOrder"] = fulfillment_order_node_of(*o);
  payload["userErrors"] = json::array{};
  return payload;
}

json::value release(Store& store, Dispatcher& dispatcher, const json::object& args, Time now) {
  json::object payload{{"__typename", "FulfillmentOrderReleaseHoldPayload"},
                       {"fulfillmentOrder", nullptr}};
  const auto refused = [&](json::array field, const std::string& message, json::value code) {
    payload["userErrors"] = json::array{
        user_error("FulfillmentOrderReleaseHoldUserError", std::move(field), message, code)};
    return payload;
  };
  Order* o = order_of_fulfillment_order(store, args.if_contains("id"));
  if (o == nullptr) {
    return refused(json::array{"id"}, "The fulfillment order wasn't found.",
                   "FULFILLMENT_ORDER_NOT_FOUND");
  }
  const auto* ids = args.if_contains("holdIds");
  const bool every = ids == nullptr || ids->is_null();
  const bool merchant_held = o->state == OrderState::on_hold && !o->hold_before;
  std::vector<std::int64_t> named;
  if (!every) {
    const json::array holds = fulfillment_holds(*o);
    if (!ids->is_array()) return refused(json::array{"holdIds"}, "Hold ids are invalid.", nullptr);
    for (const auto& id : ids->get_array()) {
      const bool held = std::any_of(holds.begin(), holds.end(),
                                    [&](const json::value& hold) { return hold.at("id") == id; });
      if (!held) return refused(json::array{"holdIds"}, "Hold ids are invalid.", nullptr);
      named.push_back(gid_number(&id, "FulfillmentHold").value_or(0));
    }
  }
  const auto released = [&](const FulfillmentHold& h) {
    return every || std::find(named.begin(), named.end(), h.id) != named.end();
  };
  std::erase_if(o->app_holds, released);
  const bool merchant_released = merchant_held && every;
  if (o->state == OrderState::on_hold && o->app_holds.empty() &&
      (o->hold_before || merchant_released)) {
    o->state = o->hold_before.value_or(OrderState::processing);
    o->hold_before.reset();
  }
  o->updated = now;
  announce(store, dispatcher, *o, "fulfillment_orders/hold_released", now);
  payload["fulfillmentOrder"] = fulfillment_order_node_of(*o);
  payload["userErrors"] = json::array{};
  return payload;
}

}  // namespace

std::optional<json::value> hold_mutation(Store& store, Dispatcher& dispatcher,
                                         const graphql::Selection& s, const json::object& args,
                                         const std::vector<std::string>& scopes, Time now,
                                         std::vector<graphql::Error>& errors) {
  if (s.name != "fulfillmentOrderHold" && s.name != "fulfillmentOrderReleaseHold") {
    return std::nullopt;
  }
  if (!holds_any(scopes, "write_")) {
    errors.push_back(fulfillment_access_denied(s));
    return json::value(nullptr);
  }
  return s.name == "fulfillmentOrderHold" ? hold(store, dispatcher, s, args, now, errors)
                                          : release(store, dispatcher, args, now);
}

std::optional<json::value> hold_mutation_shape(const std::string& field) {
  Order sample;
  sample.lines.push_back(Line{});
  const json::object node = fulfillment_order_node_of(sample);
  if (field == "fulfillmentOrderHold") {
    return json::object{
        {"__typename", "FulfillmentOrderHoldPayload"},
        {"fulfillmentHold", json::object{{"__typename", "FulfillmentHold"},
                                         {"id", gid("FulfillmentHold", kAppHoldBase)},
                                         {"handle", ""},
                                         {"reason", "OTHER"},
                                         {"heldByRequestingApp", true}}},
        {"fulfillmentOrder", node},
        {"remainingFulfillmentOrder", node},
        {"userErrors", json::array{user_error("FulfillmentOrderHoldUserError", json::array{"id"},
                                              "", "FULFILLMENT_ORDER_NOT_FOUND")}}};
  }
  if (field == "fulfillmentOrderReleaseHold") {
    return json::object{{"__typename", "FulfillmentOrderReleaseHoldPayload"},
                        {"fulfillmentOrder", node},
                        {"userErrors", json::array{user_error(
                                           "FulfillmentOrderReleaseHoldUserError",
                                           json::array{"id"}, "", "FULFILLMENT_ORDER_NOT_FOUND")}}};
  }
  return std::nullopt;
}

}  // namespace sandbox::shop
