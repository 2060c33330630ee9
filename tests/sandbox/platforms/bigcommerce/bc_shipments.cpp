// Order shipments as BigCommerce's v2 Orders API takes them. Sources (bigcommerce/docs):
//  - reference/orders.v2.oas2.yml, createOrderShipments and orderShipment_Post: order_address_id
//    and items ({order_product_id, quantity}) are required; tracking_number at most 50
//    characters, tracking_link at most 500; shipping_provider one of a fixed list (or
//    carrier_<id>); the answer, 201, is the shipment (orderShipment: dates in RFC 2822, both
//    addresses, items with product_id, generated_tracking_link);
//  - getOrderShipments: 204 No Content when the order has no shipment;
//  - docs/store-operations/orders/index.mdx, "Creating order shipments": shipments of subsets
//    make a partial shipment, they e-mail the customer per the store's notification settings
//    (no per-shipment switch), and a shipped order stays shipped (Shipped, status 2; Partially
//    Shipped, 3, while units are left);
//  - docs/integrations/webhooks/events/index.mdx, Shipments: store/shipment/created with
//    data {type: "shipment", id, orderId}; the order's own store/order/updated and
//    statusUpdated follow its status.
// The refusals' wording is the sandbox's: BigCommerce documents the codes, not every message.
#include "platforms/bigcommerce/bc_shipments.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <variant>

#include "common/format.hpp"
#include "control/change_events.hpp"
#include "control/order_transitions.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"
#include "platforms/bigcommerce/bc_webhooks.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr std::size_t kMaxTrackingNumber = 50;
constexpr std::size_t kMaxTrackingLink = 500;
constexpr std::array<std::string_view, 10> kProviders{
    "",      "auspost",   "canadapost", "endicia",  "usps",
    "fedex", "royalmail", "ups",        "upsready", "shipperhq"};

constexpr int kShipped = 2;
constexpr int kPartiallyShipped = 3;

Response missing(std::string_view field) {
  return v2_error(400, "The required field '" + std::string(field) + "' was not supplied.");
}

bool known_provider(std::string_view p) {
  return std::find(kProviders.begin(), kProviders.end(), p) != kProviders.end() ||
         (p.starts_with("carrier_") && p.size() > 8);
}

// items as sent, checked against the order: each an order product with units left to ship.
std::variant<std::vector<ShippedUnits>, Response> read_items(const Order& o,
                                                             const json::value* items) {
  if (items == nullptr) return missing("items");
  if (!items->is_array() || items->get_array().empty()) return v2_invalid_field("items");
  std::map<std::int64_t, std::int64_t> wanted;  // line id -> units, summed over repeats
  for (const auto& item : items->get_array()) {
    const auto* i = item.if_object();
    const auto* id = i != nullptr ? i->if_contains("order_product_id") : nullptr;
    const auto* quantity = i != nullptr ? i->if_contains("quantity") : nullptr;
    if (id == nullptr || !id->is_int64()) return v2_invalid_field("items.order_product_id");
    if (quantity == nullptr || !quantity->is_int64() || quantity->get_int64() < 1) {
      return v2_invalid_field("items.quantity");
    }
    if (o.line(id->get_int64()) == nullptr) {
      return v2_error(400, "Order product " + std::to_string(id->get_int64()) +
                               " is not part of order " + std::to_string(o.id) + ".");
    }
    wanted[id->get_int64()] += quantity->get_int64();
  }
  std::vector<ShippedUnits> out;
  for (const auto& [id, quantity] : wanted) {
    const Line& l = *o.line(id);
    if (quantity > l.quantity - l.shipped) {
      return v2_error(400, "The quantity of order product " + std::to_string(id) +
                               " to ship is more than the " +
                               std::to_string(l.quantity - l.shipped) + " left to ship.");
    }
    out.push_back({id, quantity});
  }
  return out;
}

json::object render_shipment(const Store& store, const Order& o, const Shipment& s,
                             const std::string& base) {
  json::array items;
  for (const auto& units : s.lines) {
    const Line* l = o.line(units.line_id);
    items.push_back(json::object{{"order_product_id", units.line_id},
                                 {"product_id", l != nullptr ? l->product_id : 0},
                                 {"quantity", units.quantity}});
  }
  const bool integrated = !s.carrier.empty() && !s.tracking_number.empty();
  const std::string generated =
      integrated ? "https://track.aftership.com/" + s.carrier + "/" + s.tracking_number : "";
  json::object order = render_order(store, o, base);
  return json::object{{"id", s.id},
                      {"order_id", o.id},
                      {"customer_id", o.customer_id},
                      {"order_address_id", o.id},
                      {"date_created", rfc2822(s.created)},
                      {"tracking_number", s.tracking_number},
                      {"merchant_shipping_cost", money4(store, 0)},
                      {"shipping_method", s.method},
                      {"shipping_provider", s.carrier},
                      {"tracking_carrier", ""},
                      {"tracking_link", s.tracking_url},
                      {"comments", s.comments},
                      {"billing_address", order.at("billing_address")},
                      {"shipping_address", render_shipping_address(store, o)},
                      {"items", std::move(items)},
                      {"shipping_provider_display_name", s.carrier},
                      {"generated_tracking_link", generated}};
}

}  // namespace

Response create_shipment(Store& store, const Request& request, std::int64_t order_id,
                         const std::string& base, Dispatcher& dispatcher, Time now) {
  Order* order = store.find_order(order_id);
  if (order == nullptr) return v2_error(404, "The requested resource was not found.");
  auto body = v2_write_body(request);
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  const json::object& b = std::get<json::object>(body);
  const auto* address = b.if_contains("order_address_id");
  if (address == nullptr) return missing("order_address_id");
  // Documented as an integer; the guide's own example sends it as a string of digits.
  std::int64_t address_id = 0;
  if (address->is_int64()) {
    address_id = address->get_int64();
  } else {
    const auto* digits = address->if_string();
    if (digits == nullptr || digits->empty()) return v2_invalid_field("order_address_id");
    const char* end = digits->data() + digits->size();
    const auto [ptr, ec] = std::from_chars(digits->data(), end, address_id);
    if (ec != std::errc() || ptr != end) return v2_invalid_field("order_address_id");
  }
  if (address_id != order->id) {
    return v2_error(400, "Order address " + std::to_string(address_id) +
                             " is not a shipping address of order " + std::to_string(order->id) +
                             ".");
  }
  Shipment s;
  const auto text = [&](std::string_view field, std::string* into, std::size_t max) {
    const auto* v = b.if_contains(field);
    if (v == nullptr) return true;
    if (!v->is_string() || v->get_string().size() > max) return false;
    *into = v->get_string();
    return true;
  };
  if (!text("tracking_number", &s.tracking_number, kMaxTrackingNumber)) {
    return v2_invalid_field("tracking_number");
  }
  if (!text("tracking_link", &s.tracking_url, kMaxTrackingLink))
    return v2_invalid_field("tracking_link");
  if (!text("shipping_method", &s.method, 100)) return v2_invalid_field("shipping_method");
  if (!text("comments", &s.comments, 65'535)) return v2_invalid_field("comments");
  if (!text("shipping_provider", &s.carrier, 100) || !known_provider(s.carrier)) {
    return v2_invalid_field("shipping_provider");
  }
  for (const auto& [key, value] : b) {
    static constexpr std::array<std::string_view, 9> kFields{
        "order_address_id", "tracking_number", "tracking_link",
        "shipping_method",  "comments",        "shipping_provider",
        "tracking_carrier", "items",           "merchant_shipping_cost"};
    if (std::find(kFields.begin(), kFields.end(), key) == kFields.end()) {
      return v2_unwritable_field(key);
    }
  }
  auto items = read_items(*order, b.if_contains("items"));
  if (auto* refused = std::get_if<Response>(&items)) return std::move(*refused);
  s.lines = std::move(std::get<std::vector<ShippedUnits>>(items));
  s.id = store.next_shipment_id++;
  s.created = now;

  const OrderBefore before = order_before(*order);
  const std::int64_t shipment_id = s.id;
  add_shipment(*order, std::move(s));
  const bool all = order->fulfilled_quantity >= order->quantity();
  const int to_status = all ? kShipped : kPartiallyShipped;
  const OrderState state = state_of_status(to_status);
  if (state != order->state) control::apply_transition(*order, state, now);
  order->bc_status_id = to_status;
  order->updated = now;
  notify(store, dispatcher, "store/shipment/created",
         json::object{{"type", "shipment"}, {"id", shipment_id}, {"orderId", order->id}}, now);
  ChangeContext changed{store, dispatcher, base, now};
  entity_changed(changed, "order", "updated", order->id);
  order_state_changed(changed, *order, before);
  return reply(201, render_shipment(store, *order, order->shipments.back(), base));
}

Response list_shipments(const Store& store, const Order& order, const std::string& base) {
  if (order.shipments.empty()) {
    Response r;
    r.status = 204;
    return r;
  }
  json::array out;
  for (const auto& s : order.shipments)
    out.push_back(render_shipment(store, order, s, base));
  return reply(200, out);
}

}  // namespace sandbox::bc
