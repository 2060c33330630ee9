// Holds, one mutation document for all of an order's fulfillment orders:
//  - on_hold: fulfillmentOrderHold(id, fulfillmentHold: {reason: OTHER, handle: "cartgate"}) on
//    each OPEN or IN_PROGRESS fulfillment order. A fulfillment order already ON_HOLD is left as
//    it is (the order is on hold); an order with nothing left to fulfil has nothing to hold;
//  - processing: fulfillmentOrderReleaseHold(id, holdIds) with the ids of the holds this app
//    placed (heldByRequestingApp). Shopify releases every hold when none are named, the
//    merchant's too, which would ship what the merchant held: a hold of the merchant's or of
//    another app is refused instead.
// With `reconcile`, a hold an earlier attempt placed shows as ON_HOLD and is not placed again;
// a release it made shows as no hold of ours, and nothing is sent.
#include "shop_holds.hpp"

#include <string>
#include <vector>

#include <cartgate/sdk/answers.hpp>

#include "shop_graphql.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr double kHoldCost = 10;

struct HeldOrder {
  std::vector<std::string> holdable;                      // OPEN or IN_PROGRESS fulfillment orders
  std::vector<std::pair<std::string, json::array>> ours;  // on hold: our holds' ids
  bool on_hold = false, held_by_others = false;
};

HeldOrder held_order(const json::object& order) {
  HeldOrder out;
  const auto* fos = order.if_contains("fulfillmentOrders");
  const auto* nodes =
      fos != nullptr && fos->is_object() ? fos->get_object().if_contains("nodes") : nullptr;
  if (nodes == nullptr || !nodes->is_array()) return out;
  for (const auto& node : nodes->get_array()) {
    const auto* fo = node.if_object();
    if (fo == nullptr || !fo->contains("id") || !fo->at("id").is_string()) continue;
    const std::string id(fo->at("id").get_string());
    const auto* status = fo->if_contains("status");
    const std::string_view s = status != nullptr && status->is_string()
                                   ? std::string_view(status->get_string())
                                   : std::string_view();
    if (s == "OPEN" || s == "IN_PROGRESS") out.holdable.push_back(id);
    if (s != "ON_HOLD") continue;
    out.on_hold = true;
    json::array ours;
    static const json::array kNoHolds;
    const auto* holds = fo->if_contains("fulfillmentHolds");
    const json::array& listed =
        holds != nullptr && holds->is_array() ? holds->get_array() : kNoHolds;
    for (const auto& h : listed) {
      const auto* hold = h.if_object();
      if (hold == nullptr) continue;
      const auto* by_us = hold->if_contains("heldByRequestingApp");
      if (by_us != nullptr && *by_us == true && hold->contains("id")) {
        ours.push_back(hold->at("id"));
      } else {
        out.held_by_others = true;
      }
    }
    if (!ours.empty()) out.ours.emplace_back(id, std::move(ours));
  }
  return out;
}

}  // namespace

std::variant<std::optional<HttpRequest>, StepOutcome> hold_change(const StepInput& in,
                                                                  const sdk::OrderUpdateParams& u,
                                                                  const json::object& order) {
  const HeldOrder held = held_order(order);
  MutationDocument m;
  if (u.status == "on_hold") {
    if (held.holdable.empty()) {
      if (held.on_hold) return std::nullopt;
      return sdk::write_not_possible(
          "This Shopify order has nothing left to fulfil, so it has nothing to hold.");
    }
    for (std::size_t i = 0; i < held.holdable.size(); ++i) {
      const std::string n = std::to_string(i);
      std::string field = "h";
      field.append(n).append(": fulfillmentOrderHold(id: $f").append(n);
      field.append(
          ", fulfillmentHold: {reason: OTHER, reasonNotes: \"Held through the API\", handle: "
          "\"cartgate\"}) { fulfillmentHold { id } userErrors { field message code } }");
      m.add("f" + n, "ID!", json::string(held.holdable[i]), field);
    }
  } else {
    if (held.held_by_others) {
      return sdk::write_not_possible(
          "This Shopify order is held by the merchant or another app; only the holds this app "
          "placed are released.");
    }
    if (held.ours.empty()) {
      if (u.reconcile) return std::nullopt;
      return StepOutcome::fail(ConnectorErrorKind::unsupported,
                               "This Shopify order is not on hold; Shopify derives processing "
                               "from payments and fulfillments.");
    }
    for (std::size_t i = 0; i < held.ours.size(); ++i) {
      const std::string n = std::to_string(i);
      m.add("f" + n, "ID!", json::string(held.ours[i].first), "");
      std::string field = "r";
      field.append(n).append(": fulfillmentOrderReleaseHold(id: $f").append(n);
      field.append(", holdIds: $h").append(n);
      field.append(") { fulfillmentOrder { id status } userErrors { field message code } }");
      m.add("h" + n, "[ID!]", held.ours[i].second, field);
    }
  }
  return std::optional<HttpRequest>(
      graphql(in.store, m.document(), {}, std::move(m.variables), kHoldCost));
}

std::optional<StepOutcome> hold_refused(const json::object& data) {
  for (const auto& [key, payload] : data) {
    if (!payload.is_object()) return sdk::malformed(kName, "a hold mutation has no payload");
    if (auto refused = user_errors(payload.get_object(), "userErrors")) return refused;
  }
  return std::nullopt;
}

}  // namespace cartgate::shop
