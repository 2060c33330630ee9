// Shipments as Magento 2.4 makes them over REST. Sources (magento/magento2):
//  - app/code/Magento/Sales/etc/webapi.xml: POST /V1/order/:orderId/ship needs
//    Magento_Sales::ship; GET /V1/shipment/:id and /V1/shipments need Magento_Sales::shipment;
//  - Model/ShipOrder.php, createShipment(): the shipment document is validated as a whole and
//    refused with one DocumentValidationException, "Shipment Document Validation Error(s):"
//    and one message per line (400 over REST); a new order moves to processing; the answer is
//    the shipment's entity id;
//  - Model/Order/Validation/ShipOrder.php with Validation/CanShip.php (held, canceled: "A
//    shipment cannot be created when an order has a status of %1"; nothing left: "The order
//    does not allow a shipment to be created."), Shipment/Validation/QuantityValidator.php
//    (an unknown item, more than qty_to_ship, no units at all) and TrackValidator.php (a track
//    without a number);
//  - ResourceModel/Order/Handler/State.php, check(): an order invoiced in full with nothing
//    left to ship becomes complete;
//  - Framework/Webapi/ServiceInputProcessor.php: a field a data interface has no getter for is
//    refused ("Property \"%1\" does not have accessor method \"%2\" in class \"%3\".");
//    ServiceOutputProcessor passes scalars through, so the id is the string PDO read back.
#include "platforms/magento/mage_shipments.hpp"

#include <cctype>
#include <map>
#include <variant>

#include <boost/json/parse.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "platforms/magento/mage_render.hpp"
#include "platforms/magento/mage_reply.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr const char* kItemClass = "Magento\\Sales\\Api\\Data\\ShipmentItemCreationInterface";
constexpr const char* kTrackClass = "Magento\\Sales\\Api\\Data\\ShipmentTrackCreationInterface";
constexpr const char* kCommentClass = "Magento\\Sales\\Api\\Data\\ShipmentCommentCreationInterface";

// ServiceInputProcessor's refusal of a field the data interface has no getter for.
Response no_accessor(const std::string& field, const char* type) {
  std::string getter = "get";
  bool upper = true;
  for (char c : field) {
    if (c == '_') {
      upper = true;
      continue;
    }
    getter += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return error(400, "Property \"%1\" does not have accessor method \"%2\" in class \"%3\".",
               json::array{json::string(field), json::string(getter), json::string(type)});
}

std::optional<Response> only_fields(const json::object& o, std::initializer_list<const char*> known,
                                    const char* type) {
  for (const auto& [key, value] : o) {
    bool found = key == "extension_attributes";
    for (const char* k : known)
      found = found || key == k;
    if (!found) return no_accessor(key, type);
  }
  return std::nullopt;
}

bool flag(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v != nullptr &&
         ((v->is_bool() && v->get_bool()) || (v->is_int64() && v->get_int64() != 0) ||
          (v->is_string() && v->get_string() != "" && v->get_string() != "0" &&
           v->get_string() != "false"));
}

std::string text(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

// A whole number of units as PHP reads a float or numeric string; nullopt for anything else.
std::optional<std::int64_t> units(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_double() &&
      v->get_double() == static_cast<double>(static_cast<std::int64_t>(v->get_double()))) {
    return static_cast<std::int64_t>(v->get_double());
  }
  std::int64_t n = 0;
  if (v->is_string() && parse_int(v->get_string(), n)) return n;
  return std::nullopt;
}

// The order's line behind an order item id: the parent item (id × 2) or, for a configurable
// product, its simple child (id × 2 + 1), which ships with its parent.
Line* line_of_item(Order& o, std::int64_t item_id) {
  for (auto& l : o.lines) {
    if (item_id == l.id * 2 || (l.variant_id != 0 && item_id == l.id * 2 + 1)) return &l;
  }
  return nullptr;
}

struct ShipRequest {
  std::vector<std::pair<std::int64_t, std::int64_t>> items;  // order item id, units
  std::vector<json::object> tracks;
  std::string comment;
  bool comment_visible = false, notify = false, append_comment = false;
};

std::variant<ShipRequest, Response> read_request(const Request& request) {
  boost::system::error_code ec;
  const json::value body = json::parse(request.body.empty() ? "{}" : request.body, ec);
  if (ec || !body.is_object()) return error(400, "Decoding error.");
  const json::object& b = body.get_object();
  ShipRequest out;
  if (const auto* items = b.if_contains("items"); items != nullptr && !items->is_null()) {
    if (!items->is_array()) return error(400, "The \"items\" value's type is invalid.");
    for (const auto& item : items->get_array()) {
      const auto* i = item.if_object();
      if (i == nullptr) return error(400, "The \"items\" value's type is invalid.");
      if (auto refused = only_fields(*i, {"order_item_id", "qty"}, kItemClass)) return *refused;
      const auto id = units(i->if_contains("order_item_id"));
      const auto qty = units(i->if_contains("qty"));
      if (!id) return error(400, "The \"order_item_id\" value's type is invalid.");
      if (!qty) return error(400, "The \"qty\" value's type is invalid.");
      out.items.emplace_back(*id, *qty);
    }
  }
  if (const auto* tracks = b.if_contains("tracks"); tracks != nullptr && !tracks->is_null()) {
    if (!tracks->is_array()) return error(400, "The \"tracks\" value's type is invalid.");
    for (const auto& track : tracks->get_array()) {
      const auto* t = track.if_object();
      if (t == nullptr) return error(400, "The \"tracks\" value's type is invalid.");
      if (auto refused = only_fields(*t, {"track_number", "title", "carrier_code"}, kTrackClass)) {
        return *refused;
      }
      out.tracks.push_back(*t);
    }
  }
  if (const auto* comment = b.if_contains("comment"); comment != nullptr && !comment->is_null()) {
    const auto* c = comment->if_object();
    if (c == nullptr) return error(400, "The \"comment\" value's type is invalid.");
    if (auto refused = only_fields(*c, {"comment", "is_visible_on_front"}, kCommentClass)) {
      return *refused;
    }
    out.comment = text(*c, "comment");
    out.comment_visible = flag(*c, "is_visible_on_front");
  }
  out.notify = flag(b, "notify");
  out.append_comment = flag(b, "appendComment");
  return out;
}

// ShipOrder's validation, every message at once; the units to ship of each line when none.
std::variant<std::map<std::int64_t, std::int64_t>, Response> validate(Order& o,
                                                                      const ShipRequest& r) {
  std::vector<std::string> messages;
  const bool any_left = std::any_of(o.lines.begin(), o.lines.end(),
                                    [](const Line& l) { return l.shipped < l.quantity; });
  if (o.state == OrderState::on_hold || o.state == OrderState::cancelled ||
      o.state == OrderState::failed) {
    messages.push_back("A shipment cannot be created when an order has a status of " +
                       state_and_status(o).second);
  } else if (!any_left) {
    messages.emplace_back("The order does not allow a shipment to be created.");
  }
  std::map<std::int64_t, std::int64_t> wanted;  // line id -> units
  std::int64_t total = 0;
  if (r.items.empty()) {
    for (const auto& l : o.lines) {
      if (l.quantity > l.shipped) wanted[l.id] = l.quantity - l.shipped;
      total += l.quantity - l.shipped;
    }
  }
  for (const auto& [item_id, qty] : r.items) {
    Line* l = line_of_item(o, item_id);
    if (l == nullptr) {
      messages.push_back("We can not found item \"" + std::to_string(item_id) + "\" in order.");
      continue;
    }
    if (qty > l->quantity - l->shipped - wanted[l->id]) {
      messages.push_back("We found an invalid quantity to ship for item \"" + l->name + "\".");
      continue;
    }
    total += qty;
    if (qty > 0) wanted[l->id] += qty;
  }
  if (total <= 0) messages.emplace_back("You can't create a shipment without products.");
  for (const auto& t : r.tracks) {
    if (text(t, "track_number").empty()) messages.emplace_back("Please enter a tracking number.");
  }
  if (messages.empty()) return wanted;
  std::string message = "Shipment Document Validation Error(s):";
  for (const auto& m : messages)
    message += "\n" + m;
  return error(400, message);
}

Response ship(Store& store, Order& o, const Request& request, Time now) {
  auto read = read_request(request);
  if (auto* refused = std::get_if<Response>(&read)) return std::move(*refused);
  const ShipRequest& r = std::get<ShipRequest>(read);
  auto checked = validate(o, r);
  if (auto* refused = std::get_if<Response>(&checked)) return std::move(*refused);
  Shipment s;
  s.id = store.next_shipment_id++;
  s.created = now;
  for (const auto& [line_id, quantity] : std::get<std::map<std::int64_t, std::int64_t>>(checked)) {
    if (quantity > 0) s.lines.push_back({line_id, quantity});
  }
  if (!r.tracks.empty()) {
    // The sandbox keeps a shipment's first track.
    s.tracking_number = text(r.tracks.front(), "track_number");
    s.method = text(r.tracks.front(), "title");
    s.carrier = text(r.tracks.front(), "carrier_code");
  }
  s.comments = r.comment;
  s.customer_notified = r.notify;
  s.comments_visible = r.comment_visible;
  s.comment_appended = r.append_comment;
  add_shipment(o, std::move(s));
  if (o.state == OrderState::pending) o.state = OrderState::processing;
  if (o.paid && o.fulfilled_quantity >= o.quantity()) {
    o.state = OrderState::completed;
    o.completed_at = now;
  }
  o.updated = now;
  return reply(200, json::value(std::to_string(o.shipments.back().id)));
}

}  // namespace

std::optional<Response> ship_order(Store& store, const Request& request, const std::string& path,
                                   Time now) {
  if (request.method != "POST" || !path.starts_with("order/") || !path.ends_with("/ship")) {
    return std::nullopt;
  }
  if (auto refused = denied(store, "Magento_Sales::ship")) return refused;
  std::int64_t id = 0;
  const std::string_view digits = std::string_view(path).substr(6, path.size() - 6 - 5);
  Order* o = parse_int(digits, id) ? store.find_order(id) : nullptr;
  if (o == nullptr) return not_found_entity();
  return ship(store, *o, request, now);
}

std::vector<ShipmentOf> all_shipments(const Store& store) {
  std::vector<ShipmentOf> out;
  for (const auto& o : store.orders) {
    for (const auto& s : o.shipments)
      out.push_back({&o, &s});
  }
  return out;
}

const std::vector<std::string>& shipment_fields() {
  static const std::vector<std::string> kFields{"entity_id",  "order_id",   "increment_id",
                                                "created_at", "updated_at", "store_id",
                                                "email_sent"};
  return kFields;
}

std::optional<std::string> shipment_field(const ShipmentOf& s, const std::string& field) {
  if (field == "entity_id") return std::to_string(s.shipment->id);
  if (field == "order_id") return std::to_string(s.order->id);
  if (field == "increment_id") return increment_id(s.shipment->id);
  if (field == "created_at" || field == "updated_at") return sql_datetime(s.shipment->created);
  if (field == "store_id") return "1";
  if (field == "email_sent") {
    return s.shipment->customer_notified ? std::optional<std::string>("1") : std::nullopt;
  }
  return std::nullopt;
}

json::object render_shipment(const Order& o, const Shipment& s) {
  json::array items;
  std::int64_t total = 0;
  for (const auto& units : s.lines) {
    const Line* l = o.line(units.line_id);
    if (l == nullptr) continue;
    total += units.quantity;
    items.push_back(json::object{{"entity_id", s.id * 1000 + static_cast<int>(items.size())},
                                 {"parent_id", s.id},
                                 {"order_item_id", l->id * 2},
                                 {"product_id", l->product_id},
                                 {"sku", l->sku},
                                 {"name", l->name},
                                 {"qty", units.quantity},
                                 {"weight", 1}});
  }
  json::array tracks;
  if (!s.tracking_number.empty()) {
    tracks.push_back(json::object{{"entity_id", s.id},
                                  {"parent_id", s.id},
                                  {"order_id", o.id},
                                  {"track_number", s.tracking_number},
                                  {"title", s.method},
                                  {"carrier_code", s.carrier},
                                  {"created_at", sql_datetime(s.created)},
                                  {"updated_at", sql_datetime(s.created)}});
  }
  json::array comments;
  if (!s.comments.empty()) {
    comments.push_back(
        json::object{{"entity_id", s.id},
                     {"parent_id", s.id},
                     {"comment", s.comments},
                     {"is_customer_notified", s.customer_notified && s.comment_appended ? 1 : 0},
                     {"is_visible_on_front", s.comments_visible ? 1 : 0},
                     {"created_at", sql_datetime(s.created)}});
  }
  json::object out{{"entity_id", s.id},
                   {"increment_id", increment_id(s.id)},
                   {"order_id", o.id},
                   {"store_id", 1},
                   {"billing_address_id", o.id * 2},
                   {"shipping_address_id", o.id * 2 + 1},
                   {"total_qty", total},
                   {"created_at", sql_datetime(s.created)},
                   {"updated_at", sql_datetime(s.created)},
                   {"items", std::move(items)},
                   {"tracks", std::move(tracks)},
                   {"comments", std::move(comments)},
                   {"packages", json::array{}},
                   {"extension_attributes", json::object{{"source_code", "default"}}}};
  if (o.customer_id != 0) out["customer_id"] = o.customer_id;
  if (s.customer_notified) out["email_sent"] = 1;
  return out;
}

}  // namespace sandbox::mage
