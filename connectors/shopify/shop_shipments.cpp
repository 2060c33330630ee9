// order.shipment.add on Shopify, step by step:
//   1. query the order's fulfillment orders (what each holds of each line, where, and whether
//      it can be fulfilled), and, when an earlier attempt's outcome is unknown, its
//      fulfillments in a second query of the same step (both would exceed the 1,000-point
//      single query limit together);
//   2. fulfillmentCreate: the named lines as fulfillment order line items (a line held by two
//      fulfillment orders is split over them), or every open fulfillment order whole when no
//      lines are named; the tracking number, company and URL; notifyCustomer. Skipped when the
//      earlier attempt's fulfillment is there: the same tracking number and lines, created
//      since that attempt began;
//   3. the order as order.info reads it, for its status after the shipment.
// Both queries are sized to stay cheap (about 320 and 460 points of the store's bucket): up to
// three fulfillment orders of 50 line items each, and the last ten fulfillments; a bigger order
// is refused with a clear message rather than shipped from a partial view.
// Shopify fulfills from one location at a time: lines at two locations are refused before
// anything is sent. More units than are left, or a held fulfillment order, are Shopify's own
// userErrors.
#include "shop_shipments.hpp"

#include <map>
#include <set>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "shop_graphql.hpp"
#include "shop_mapping.hpp"
#include "shop_write_support.hpp"

namespace cartgate::shop {

namespace json = boost::json;

namespace {

constexpr std::string_view kLookQuery =
    "query($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 3) { pageInfo { "
    "hasNextPage } nodes { id status assignedLocation { location { id } } lineItems(first: 50) "
    "{ pageInfo { hasNextPage } nodes { id remainingQuantity lineItem { id } } } } } } }";
constexpr double kLookCost = 325;
constexpr std::string_view kFulfillmentsQuery =
    "query($id: ID!) { order(id: $id) { id fulfillments(first: 10) { id createdAt "
    "trackingInfo(first: 1) { number company url } fulfillmentLineItems(first: 20) { nodes { "
    "quantity lineItem { id } } } } } }";
constexpr double kFulfillmentsCost = 465;
constexpr std::string_view kCreateMutation =
    "mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) { "
    "fulfillment { id createdAt trackingInfo(first: 1) { number company url } "
    "fulfillmentLineItems(first: 50) { nodes { quantity lineItem { id } } } } "
    "userErrors { field message } } }";
constexpr double kMutationCost = 115;

using Units = sdk::LineUnits;

const json::object* object_at(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr ? v->if_object() : nullptr;
}

const json::array* nodes_of(const json::object& o, std::string_view connection) {
  const auto* c = object_at(o, connection);
  const auto* nodes = c != nullptr ? c->if_contains("nodes") : nullptr;
  return nodes != nullptr ? nodes->if_array() : nullptr;
}

bool has_next_page(const json::object& o, std::string_view connection) {
  const auto* c = object_at(o, connection);
  const auto* info = c != nullptr ? object_at(*c, "pageInfo") : nullptr;
  const auto* next = info != nullptr ? info->if_contains("hasNextPage") : nullptr;
  return next != nullptr && next->is_bool() && next->get_bool();
}

// The legacy id of the LineItem an object refers to ({lineItem {id}}).
std::string line_of(const json::object& o) {
  const auto* line = object_at(o, "lineItem");
  return line != nullptr ? gid_number(sdk::string_field(*line, "id")) : std::string();
}

// One fulfillment order line item: which line, and how much of it is left.
struct FoLine {
  std::string id, line;
  std::int64_t remaining = 0;
};
struct FulfillmentOrder {
  std::string id, status, location;
  std::vector<FoLine> lines;
  bool fulfillable() const { return status == "OPEN" || status == "IN_PROGRESS"; }
  std::int64_t remaining() const {
    std::int64_t n = 0;
    for (const auto& l : lines)
      n += l.remaining;
    return n;
  }
};

std::variant<std::vector<FulfillmentOrder>, StepOutcome> read_fulfillment_orders(
    const json::object& order) {
  const auto* nodes = nodes_of(order, "fulfillmentOrders");
  if (nodes == nullptr) return sdk::malformed(kName, "the order has no fulfillmentOrders");
  if (has_next_page(order, "fulfillmentOrders")) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The Shopify order has more than 3 fulfillment orders: ship it in "
                             "Shopify's admin.");
  }
  std::vector<FulfillmentOrder> out;
  for (const auto& n : *nodes) {
    const auto* fo = n.if_object();
    if (fo == nullptr) return sdk::malformed(kName, "a fulfillment order is not an object");
    if (has_next_page(*fo, "lineItems")) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "A fulfillment order of the Shopify order has more than 50 line "
                               "items: ship it in Shopify's admin.");
    }
    FulfillmentOrder f{sdk::string_field(*fo, "id"), sdk::string_field(*fo, "status"), {}, {}};
    if (const auto* assigned = object_at(*fo, "assignedLocation")) {
      if (const auto* location = object_at(*assigned, "location"))
        f.location = sdk::string_field(*location, "id");
    }
    const auto* items = nodes_of(*fo, "lineItems");
    if (f.id.empty() || items == nullptr) return sdk::malformed(kName, "a fulfillment order");
    for (const auto& i : *items) {
      const auto* item = i.if_object();
      const auto* remaining = item != nullptr ? item->if_contains("remainingQuantity") : nullptr;
      if (item == nullptr || remaining == nullptr || !remaining->is_int64()) {
        return sdk::malformed(kName, "a fulfillment order line item");
      }
      f.lines.push_back({sdk::string_field(*item, "id"), line_of(*item), remaining->get_int64()});
    }
    out.push_back(std::move(f));
  }
  return out;
}

// The groups of FulfillmentInput.lineItemsByFulfillmentOrder for the request, or the refusal
// made before anything is sent.
std::variant<json::array, StepOutcome> plan_groups(const std::vector<FulfillmentOrder>& orders,
                                                   const sdk::ShipmentParams& s) {
  std::map<std::string, json::array> items;  // fulfillment order id -> its line items
  std::set<std::string> locations;
  if (s.lines.empty()) {
    // Every fulfillment order with something left, whole; held ones only when nothing else
    // is left, so that Shopify says why it cannot ship them.
    bool any_open = false;
    for (const auto& f : orders)
      any_open = any_open || (f.fulfillable() && f.remaining() > 0);
    for (const auto& f : orders) {
      if (f.remaining() > 0 && (f.fulfillable() || !any_open)) {
        items[f.id];
        locations.insert(f.location);
      }
    }
    if (items.empty()) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "Everything on the Shopify order is fulfilled already.");
    }
  }
  for (const auto& [line, wanted] : sdk::units_by_line(s)) {
    // Fulfillable fulfillment orders first; a line only a held one has goes there, so that
    // Shopify refuses it with its reason.
    std::vector<std::pair<const FulfillmentOrder*, const FoLine*>> holders;
    for (bool open : {true, false}) {
      for (const auto& f : orders) {
        if (f.fulfillable() != open) continue;
        for (const auto& l : f.lines) {
          if (l.line == line) holders.emplace_back(&f, &l);
        }
      }
      if (!holders.empty()) break;
    }
    if (holders.empty()) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "'" + line + "' is not a line of the Shopify order.");
    }
    std::int64_t left = wanted;
    for (std::size_t i = 0; i < holders.size() && left > 0; ++i) {
      const auto& [f, l] = holders[i];
      // What no holder has left goes to the last, for Shopify to refuse with its own words.
      const std::int64_t take =
          i + 1 == holders.size() ? left : std::min(left, std::max<std::int64_t>(l->remaining, 0));
      if (take <= 0) continue;
      items[f->id].push_back(json::object{{"id", l->id}, {"quantity", take}});
      locations.insert(f->location);
      left -= take;
    }
  }
  if (locations.size() > 1) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The lines are fulfilled from more than one Shopify location: ship "
                             "each location's lines on their own.");
  }
  json::array groups;
  for (auto& [id, lines] : items) {
    json::object group{{"fulfillmentOrderId", id}};
    if (!s.lines.empty()) group["fulfillmentOrderLineItems"] = std::move(lines);
    groups.push_back(std::move(group));
  }
  return groups;
}

Units fulfillment_units(const json::object& fulfillment) {
  Units out;
  if (const auto* nodes = nodes_of(fulfillment, "fulfillmentLineItems")) {
    for (const auto& n : *nodes) {
      const auto* o = n.if_object();
      const auto* quantity = o != nullptr ? o->if_contains("quantity") : nullptr;
      if (quantity != nullptr && quantity->is_int64()) out[line_of(*o)] += quantity->get_int64();
    }
  }
  return out;
}

const json::object* first_tracking(const json::object& fulfillment) {
  const auto* info = fulfillment.if_contains("trackingInfo");
  if (info == nullptr || !info->is_array() || info->get_array().empty()) return nullptr;
  return info->get_array().front().if_object();
}

// The earlier attempt's fulfillment among the order's, if it was made.
const json::object* earlier_attempt(const json::object& data, const sdk::ShipmentParams& s) {
  const auto* order = object_at(data, "order");
  const auto* all = order != nullptr ? order->if_contains("fulfillments") : nullptr;
  if (all == nullptr || !all->is_array()) return nullptr;
  const Units wanted = sdk::units_by_line(s);
  for (const auto& v : all->get_array()) {
    const auto* f = v.if_object();
    if (f == nullptr) continue;
    const auto* tracking = first_tracking(*f);
    if ((tracking != nullptr ? sdk::string_field(*tracking, "number") : std::string()) !=
        s.tracking_number) {
      continue;
    }
    if (!wanted.empty() && fulfillment_units(*f) != wanted) continue;
    if (!sdk::may_be_the_attempts(parse_rfc3339(sdk::string_field(*f, "createdAt")), s.since))
      continue;
    return f;
  }
  return nullptr;
}

// The fulfillment in schema v1 terms (without the order, which shipment_answer adds).
json::object normalized(const json::object& fulfillment, const sdk::ShipmentParams& s) {
  json::array lines;
  for (const auto& [id, quantity] : fulfillment_units(fulfillment))
    lines.push_back(json::object{{"line_item_id", id}, {"quantity", quantity}});
  json::array numbers;
  json::value carrier = nullptr, url = nullptr;
  if (const auto* t = first_tracking(fulfillment)) {
    if (auto n = sdk::string_field(*t, "number"); !n.empty()) numbers.emplace_back(n);
    if (auto c = sdk::string_field(*t, "company"); !c.empty()) carrier = c;
    if (auto u = sdk::string_field(*t, "url"); !u.empty()) url = u;
  }
  const auto created = parse_rfc3339(sdk::string_field(fulfillment, "createdAt"));
  const std::string id = gid_number(sdk::string_field(fulfillment, "id"));
  return json::object{
      {"id", id.empty() ? json::value(nullptr) : json::value(id)},
      {"order_id", s.id},
      {"created_at", created ? json::value(format_rfc3339(*created)) : json::value(nullptr)},
      {"line_items", std::move(lines)},
      {"tracking_numbers", std::move(numbers)},
      {"carrier", std::move(carrier)},
      {"tracking_url", std::move(url)},
      {"notify_customer", s.notify_customer.value_or(false)}};
}

// Step 3, or one step of it: the order read back; its end is the answer.
StepOutcome read_back(const StepInput& in, const sdk::ShipmentParams& s, json::object shipment,
                      std::string_view inner) {
  StepOutcome out = read_entity(in, Entity::order, s.id, inner);
  if (out.kind == StepKind::requests) {
    out.state = sdk::encode_page_token(
        json::object{{"ship", "read"}, {"shipment", std::move(shipment)}, {"inner", out.state}});
    return out;
  }
  if (out.kind != StepKind::done) return out;
  const auto* result = out.result.if_object();
  const auto* item = result != nullptr ? result->if_contains("item") : nullptr;
  if (item == nullptr || !item->is_object()) return sdk::malformed(kName, "the order read back");
  json::value raw = result->contains("raw") ? result->at("raw") : json::value(nullptr);
  return StepOutcome::finished(
      sdk::info_result(sdk::shipment_answer(std::move(shipment), item->get_object()), raw));
}

StepOutcome create(const StepInput& in, const sdk::ShipmentParams& s, json::array groups) {
  json::object input{{"lineItemsByFulfillmentOrder", std::move(groups)}};
  if (s.notify_customer) input["notifyCustomer"] = *s.notify_customer;
  if (!s.tracking_number.empty()) {
    json::object tracking{{"number", s.tracking_number}};
    if (!s.carrier.empty()) tracking["company"] = s.carrier;
    if (!s.tracking_url.empty()) tracking["url"] = s.tracking_url;
    input["trackingInfo"] = std::move(tracking);
  }
  return StepOutcome::need(
      {graphql(in.store, kCreateMutation, {}, {{"fulfillment", std::move(input)}}, kMutationCost)},
      R"({"ship":"create"})");
}

StepOutcome after_look(const StepInput& in, const sdk::ShipmentParams& s) {
  if (in.responses.size() != (s.reconcile ? 2u : 1u))
    return sdk::malformed(kName, "lost an answer");
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  const auto* order = object_at(std::get<json::object>(data), "order");
  if (order == nullptr) {
    return StepOutcome::fail(ConnectorErrorKind::not_found, "Shopify has no such order.", 404);
  }
  if (s.reconcile) {
    const StepInput second{in.store, in.call, in.env, in.state, in.responses.subspan(1)};
    auto made = data_of(second);
    if (auto* failed = std::get_if<StepOutcome>(&made)) return std::move(*failed);
    if (const auto* f = earlier_attempt(std::get<json::object>(made), s)) {
      return read_back(in, s, normalized(*f, s), {});
    }
  }
  auto orders = read_fulfillment_orders(*order);
  if (auto* failed = std::get_if<StepOutcome>(&orders)) return std::move(*failed);
  auto groups = plan_groups(std::get<std::vector<FulfillmentOrder>>(orders), s);
  if (auto* refused = std::get_if<StepOutcome>(&groups)) return std::move(*refused);
  return create(in, s, std::move(std::get<json::array>(groups)));
}

StepOutcome after_create(const StepInput& in, const sdk::ShipmentParams& s) {
  auto data = data_of(in);
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  const auto* payload = object_at(std::get<json::object>(data), "fulfillmentCreate");
  if (payload == nullptr) return sdk::malformed(kName, "no fulfillmentCreate payload");
  if (auto refused = user_errors(*payload, "userErrors")) return std::move(*refused);
  const auto* fulfillment = object_at(*payload, "fulfillment");
  if (fulfillment == nullptr) return sdk::malformed(kName, "no fulfillment");
  return read_back(in, s, normalized(*fulfillment, s), {});
}

}  // namespace

StepOutcome shipment_step(const StepInput& in) {
  auto params = sdk::shipment_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ShipmentParams& s = *params;
  if (!valid_version(api_version(in.store))) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The store setting 'api_version' must be YYYY-MM or unstable.");
  }
  const std::string gid = "gid://shopify/Order/" + s.id;
  if (in.state.empty()) {
    std::vector<HttpRequest> look{graphql(in.store, kLookQuery, {}, {{"id", gid}}, kLookCost)};
    if (s.reconcile) {
      look.push_back(graphql(in.store, kFulfillmentsQuery, {}, {{"id", gid}}, kFulfillmentsCost));
    }
    return StepOutcome::need(std::move(look), R"({"ship":"look"})");
  }
  auto state = sdk::write_state(in, "ship", kName, sdk::StepAnswers::some);
  if (!state) return std::move(state.error());
  const std::string_view at = state->phase;
  if (at == "look") return with_observation(after_look(in, s), in);
  if (at == "create") return with_observation(after_create(in, s), in);
  if (at == "read") {
    const auto* shipment = state->fields.if_contains("shipment");
    const auto* inner = state->fields.if_contains("inner");
    if (shipment == nullptr || !shipment->is_object() || inner == nullptr || !inner->is_string()) {
      return sdk::lost_write_state(kName);
    }
    return read_back(in, s, shipment->get_object(), inner->get_string());
  }
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::shop
