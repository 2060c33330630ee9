// Fulfillment orders and fulfillments as the GraphQL Admin API shows and makes them
// (shopify.dev, 2025-01 and later: objects/FulfillmentOrder, FulfillmentOrderLineItem,
// Fulfillment, FulfillmentTrackingInfo; mutations/fulfillmentCreate with
// input-objects/FulfillmentInput, FulfillmentOrderLineItemsInput, FulfillmentTrackingInput):
//  - an order has one fulfillment order per location that holds its lines (one here); its
//    status is OPEN, IN_PROGRESS once partly fulfilled, CLOSED when nothing is left or the
//    order is cancelled, ON_HOLD while held; each line item says its remainingQuantity;
//  - fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: [{fulfillmentOrderId,
//    fulfillmentOrderLineItems?: [{id, quantity}]}], notifyCustomer (default false),
//    trackingInfo {company, number, numbers, url, urls}}, message) fulfills the named line
//    items, or all that is left of a fulfillment order when none are named; it needs
//    write_merchant_managed_fulfillment_orders (or the assigned / third-party variants), and
//    reading fulfillment orders needs the matching read scope;
//  - refusals are userErrors {field, message} in a 200 answer. "Invalid fulfillment order line
//    item quantity requested." and "Fulfillment order <id> has an unfulfillable status= <status>."
//    are Shopify's words as apps report them; "Fulfillment order does not exist." is UNCONFIRMED;
//  - webhooks: fulfillments/create (the REST fulfillment), orders/updated, and orders/fulfilled
//    once nothing is left. A store that archives fulfilled, paid orders (Shopify's default) closes
//    the order then.
#include "platforms/shopify/shop_fulfillments.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <variant>

#include "common/format.hpp"
#include "control/change_events.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_webhooks.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;

namespace {

// Id ranges of the objects the model has no ids for (sid() has the others).
constexpr std::int64_t kFulfillmentOrderBase = 6'400'000'000'000;
constexpr std::int64_t kFulfillmentOrderLineBase = 6'500'000'000'000;
constexpr std::int64_t kFulfillmentBase = 5'000'000'000'000;
constexpr std::int64_t kMerchantHoldBase = 6'600'000'000'000;

json::object line_item_ref(const Line& l) {
  return json::object{{"__typename", "LineItem"}, {"id", gid("LineItem", sid(Kind::line, l.id))}};
}

// The number after "gid://shopify/<type>/", if `v` is such a gid.
json::object fulfillment_node(const Order& o, const Shipment& s) {
  json::array lines;
  std::vector<std::string> keys;
  for (const auto& units : s.lines) {
    const Line* l = o.line(units.line_id);
    if (l == nullptr) continue;
    lines.push_back(json::object{{"__typename", "FulfillmentLineItem"},
                                 {"id", gid("FulfillmentLineItem", kFulfillmentBase + l->id)},
                                 {"quantity", units.quantity},
                                 {"lineItem", line_item_ref(*l)}});
    keys.push_back(std::to_string(l->id));
  }
  json::array tracking;
  if (!s.tracking_number.empty() || !s.carrier.empty() || !s.tracking_url.empty()) {
    tracking.push_back(json::object{
        {"__typename", "FulfillmentTrackingInfo"},
        {"company", s.carrier.empty() ? json::value(nullptr) : json::value(s.carrier)},
        {"number",
         s.tracking_number.empty() ? json::value(nullptr) : json::value(s.tracking_number)},
        {"url", s.tracking_url.empty() ? json::value(nullptr) : json::value(s.tracking_url)}});
  }
  return json::object{
      {"__typename", "Fulfillment"},
      {"id", gid("Fulfillment", kFulfillmentBase + s.id)},
      {"legacyResourceId", std::to_string(kFulfillmentBase + s.id)},
      {"name", "#" + o.number + "." + std::to_string(s.id)},
      {"status", "SUCCESS"},
      {"displayStatus", "FULFILLED"},
      {"createdAt", utc(s.created)},
      {"updatedAt", utc(s.created)},
      {"trackingInfo", std::move(tracking)},
      {"fulfillmentLineItems", graphql::connection(std::move(lines), std::move(keys))}};
}

// The fulfillment as the REST resource fulfillments/create carries.
json::object fulfillment_rest(const Order& o, const Shipment& s) {
  json::array lines;
  for (const auto& units : s.lines) {
    const Line* l = o.line(units.line_id);
    if (l == nullptr) continue;
    lines.push_back(json::object{{"id", sid(Kind::line, l->id)},
                                 {"admin_graphql_api_id", gid("LineItem", sid(Kind::line, l->id))},
                                 {"quantity", units.quantity},
                                 {"sku", l->sku},
                                 {"name", l->name}});
  }
  const auto text_or_null = [](const std::string& t) {
    return t.empty() ? json::value(nullptr) : json::value(t);
  };
  json::array numbers, urls;
  if (!s.tracking_number.empty()) numbers.emplace_back(s.tracking_number);
  if (!s.tracking_url.empty()) urls.emplace_back(s.tracking_url);
  return json::object{{"id", kFulfillmentBase + s.id},
                      {"admin_graphql_api_id", gid("Fulfillment", kFulfillmentBase + s.id)},
                      {"order_id", sid(Kind::order, o.id)},
                      {"name", "#" + o.number + "." + std::to_string(s.id)},
                      {"status", "success"},
                      {"service", "manual"},
                      {"location_id", kShopLocationId},
                      {"created_at", utc(s.created)},
                      {"updated_at", utc(s.created)},
                      {"tracking_company", text_or_null(s.carrier)},
                      {"tracking_number", text_or_null(s.tracking_number)},
                      {"tracking_numbers", std::move(numbers)},
                      {"tracking_url", text_or_null(s.tracking_url)},
                      {"tracking_urls", std::move(urls)},
                      {"notify_customer", s.customer_notified},
                      {"line_items", std::move(lines)}};
}

std::string text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

struct Requested {
  Order* order = nullptr;
  std::map<std::int64_t, std::int64_t> units;  // line id -> units
};

// lineItemsByFulfillmentOrder, checked against the store: the order and what ships, or the
// user error that refuses it.
std::variant<Requested, json::object> read_groups(Store& store, const json::value* groups) {
  if (groups == nullptr || !groups->is_array() || groups->get_array().empty()) {
    return user_error("UserError", json::array{"fulfillment", "lineItemsByFulfillmentOrder"},
                      "Line items by fulfillment order can't be blank");
  }
  Requested out;
  const auto invalid_quantity = [] {
    return user_error("UserError", json::array{"fulfillment"},
                      "Invalid fulfillment order line item quantity requested.");
  };
  for (const auto& g : groups->get_array()) {
    const auto* group = g.if_object();
    const auto fo = group != nullptr
                        ? gid_number(group->if_contains("fulfillmentOrderId"), "FulfillmentOrder")
                        : std::nullopt;
    Order* order = fo ? store.find_order(*fo - kFulfillmentOrderBase) : nullptr;
    if (order == nullptr || (out.order != nullptr && out.order != order)) {
      return user_error("UserError", json::array{"fulfillment"},
                        "Fulfillment order does not exist.");
    }
    out.order = order;
    const std::string status = fulfillment_order_status(*order);
    if (status != "OPEN" && status != "IN_PROGRESS") {
      std::string lower = status;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return user_error("UserError", json::array{"fulfillment"},
                        "Fulfillment order " + std::to_string(*fo) +
                            " has an unfulfillable status= " + lower + ".");
    }
    const auto* items = group->if_contains("fulfillmentOrderLineItems");
    if (items == nullptr || items->is_null()) {
      for (const auto& l : order->lines) {
        if (l.quantity > l.shipped) out.units[l.id] += l.quantity - l.shipped;
      }
      continue;
    }
    if (!items->is_array()) return invalid_quantity();
    for (const auto& i : items->get_array()) {
      const auto* item = i.if_object();
      const auto id = item != nullptr
                          ? gid_number(item->if_contains("id"), "FulfillmentOrderLineItem")
                          : std::nullopt;
      const auto* quantity = item != nullptr ? item->if_contains("quantity") : nullptr;
      const Line* l = id ? order->line(*id - kFulfillmentOrderLineBase) : nullptr;
      if (l == nullptr || quantity == nullptr || !quantity->is_int64() ||
          quantity->get_int64() < 1 ||
          quantity->get_int64() > l->quantity - l->shipped - out.units[l->id]) {
        return invalid_quantity();
      }
      out.units[l->id] += quantity->get_int64();
    }
  }
  if (out.units.empty()) return invalid_quantity();
  return out;
}

json::value fulfillment_create(Store& store, Dispatcher& dispatcher, const json::object& args,
                               Time now) {
  json::object payload{{"__typename", "FulfillmentCreatePayload"}, {"fulfillment", nullptr}};
  const auto* input = args.if_contains("fulfillment");
  const json::object* f = input != nullptr ? input->if_object() : nullptr;
  if (f == nullptr) {
    payload["userErrors"] = json::array{
        user_error("UserError", json::array{"fulfillment"}, "Fulfillment can't be blank")};
    return payload;
  }
  auto requested = read_groups(store, f->if_contains("lineItemsByFulfillmentOrder"));
  if (auto* refused = std::get_if<json::object>(&requested)) {
    payload["userErrors"] = json::array{std::move(*refused)};
    return payload;
  }
  auto& [order, units] = std::get<Requested>(requested);
  Shipment s;
  s.id = store.next_shipment_id++;
  s.created = now;
  for (const auto& [line_id, quantity] : units)
    s.lines.push_back({line_id, quantity});
  if (const auto* t = f->if_contains("trackingInfo"); t != nullptr && t->is_object()) {
    const auto& info = t->get_object();
    s.tracking_number = text(info, "number");
    if (const auto* numbers = info.if_contains("numbers");
        s.tracking_number.empty() && numbers != nullptr && numbers->is_array() &&
        !numbers->get_array().empty() && numbers->get_array().front().is_string()) {
      s.tracking_number = numbers->get_array().front().get_string();
    }
    s.carrier = text(info, "company");
    s.tracking_url = text(info, "url");
  }
  const auto* notify = f->if_contains("notifyCustomer");
  s.customer_notified = notify != nullptr && notify->is_bool() && notify->get_bool();
  if (const auto* message = args.if_contains("message"); message != nullptr && message->is_string())
    s.comments = message->get_string();

  const OrderBefore before = order_before(*order);
  add_shipment(*order, std::move(s));
  if (order->paid && order->fulfilled_quantity >= order->quantity()) {
    order->state = OrderState::completed;  // archived: fulfilled and paid
    order->completed_at = now;
  }
  order->updated = now;
  const Shipment& made = order->shipments.back();
  shop::notify(store, dispatcher, "fulfillments/create", fulfillment_rest(*order, made), now);
  ChangeContext changed{store, dispatcher, "", now};
  entity_changed(changed, "order", "updated", order->id);
  order_state_changed(changed, *order, before);
  payload["fulfillment"] = fulfillment_node(*order, made);
  payload["userErrors"] = json::array{};
  return payload;
}

}  // namespace

graphql::Error fulfillment_access_denied(const graphql::Selection& s) {
  return access_denied(s,
                       "`write_assigned_fulfillment_orders` access scope, "
                       "`write_merchant_managed_fulfillment_orders` access scope or "
                       "`write_third_party_fulfillment_orders` access scope.");
}

bool holds_any(const std::vector<std::string>& scopes, std::string_view verb) {
  return std::any_of(scopes.begin(), scopes.end(), [verb](const std::string& scope) {
    return scope.starts_with(verb) && scope.ends_with("_fulfillment_orders");
  });
}

std::string fulfillment_order_status(const Order& o) {
  const bool left = o.fulfilled_quantity < o.quantity();
  if (o.state == OrderState::cancelled || o.state == OrderState::failed ||
      o.state == OrderState::refunded || !left) {
    return "CLOSED";
  }
  if (o.state == OrderState::on_hold) return "ON_HOLD";
  return o.fulfilled_quantity > 0 ? "IN_PROGRESS" : "OPEN";
}

Order* order_of_fulfillment_order(Store& store, const json::value* id) {
  const auto fo = gid_number(id, "FulfillmentOrder");
  return fo ? store.find_order(*fo - kFulfillmentOrderBase) : nullptr;
}

json::array fulfillment_holds(const Order& o) {
  json::array out;
  for (const auto& h : o.app_holds) {
    out.push_back(json::object{{"__typename", "FulfillmentHold"},
                               {"id", gid("FulfillmentHold", h.id)},
                               {"handle", h.handle},
                               {"reason", "OTHER"},
                               {"heldByRequestingApp", true}});
  }
  // The merchant's own hold: the order held in the admin (an app's first hold remembers the
  // state it held the order in, so an order on hold without that was held by the merchant).
  if (o.state == OrderState::on_hold && !o.hold_before) {
    out.push_back(json::object{{"__typename", "FulfillmentHold"},
                               {"id", gid("FulfillmentHold", kMerchantHoldBase + o.id)},
                               {"handle", ""},
                               {"reason", "OTHER"},
                               {"heldByRequestingApp", false}});
  }
  return out;
}

json::object fulfillment_orders(const Order& o) {
  json::array lines;
  std::vector<std::string> keys;
  for (const auto& l : o.lines) {
    lines.push_back(
        json::object{{"__typename", "FulfillmentOrderLineItem"},
                     {"id", gid("FulfillmentOrderLineItem", kFulfillmentOrderLineBase + l.id)},
                     {"totalQuantity", l.quantity},
                     {"remainingQuantity", l.quantity - l.shipped},
                     {"lineItem", line_item_ref(l)}});
    keys.push_back(std::to_string(l.id));
  }
  json::object location = location_node();
  json::object node{
      {"__typename", "FulfillmentOrder"},
      {"id", gid("FulfillmentOrder", kFulfillmentOrderBase + o.id)},
      {"status", fulfillment_order_status(o)},
      {"requestStatus", "UNSUBMITTED"},
      {"createdAt", utc(o.created)},
      {"updatedAt", utc(o.updated)},
      {"assignedLocation", json::object{{"__typename", "FulfillmentOrderAssignedLocation"},
                                        {"name", "Shop location"},
                                        {"location", std::move(location)}}},
      {"fulfillmentHolds", fulfillment_holds(o)},
      {"lineItems", graphql::connection(std::move(lines), std::move(keys))}};
  return graphql::connection(json::array{std::move(node)}, {std::to_string(o.id)});
}

json::array fulfillments(const Order& o) {
  json::array out;
  for (const auto& s : o.shipments)
    out.push_back(fulfillment_node(o, s));
  return out;
}

bool reads_fulfillment_orders(const std::vector<std::string>& scopes) {
  // A write scope implies its read (Shopify grants read with write).
  return holds_any(scopes, "read_") || holds_any(scopes, "write_");
}

std::optional<json::value> fulfillment_mutation(Store& store, Dispatcher& dispatcher,
                                                const graphql::Selection& s,
                                                const json::object& args,
                                                const std::vector<std::string>& scopes, Time now,
                                                std::vector<graphql::Error>& errors) {
  if (s.name != "fulfillmentCreate") return std::nullopt;
  if (!holds_any(scopes, "write_")) {
    errors.push_back(fulfillment_access_denied(s));
    return json::value(nullptr);
  }
  return fulfillment_create(store, dispatcher, args, now);
}

std::optional<json::value> fulfillment_mutation_shape(const std::string& field) {
  if (field != "fulfillmentCreate") return std::nullopt;
  Order sample;
  sample.lines.push_back(Line{});
  Shipment shipment;
  shipment.lines.push_back({0, 1});
  shipment.tracking_number = "0";
  return json::object{
      {"__typename", "FulfillmentCreatePayload"},
      {"fulfillment", fulfillment_node(sample, shipment)},
      {"userErrors", json::array{user_error("UserError", json::array{"fulfillment"}, "")}}};
}

}  // namespace sandbox::shop
