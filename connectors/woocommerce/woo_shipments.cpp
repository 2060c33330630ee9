// order.shipment.add on WooCommerce, step by step:
//   1. GET orders/<id>: its lines, status and tracking items; with GET orders/<id>/notes too
//      when an earlier attempt's outcome is unknown;
//   2. PUT orders/<id> {"meta_data": [the tracking items with the new one last], "status":
//      "completed" once every unit has shipped}, unless the earlier attempt's item is there
//      (the same tracking number and lines, shipped since that attempt began). WooCommerce
//      rewrites the meta entry named by its id (WC_Data::update_meta_data), and one save
//      fires order.updated;
//   3. POST orders/<id>/notes {"note": what shipped, "customer_note": notify_customer}: the
//      order's history says so, and a customer note is e-mailed to the customer
//      (WC_Email_Customer_Note). Skipped when the earlier attempt's note is there;
//   4. GET orders/<id>: the order after it all (a note saves no order).
// The state between steps is {"ship": phase, "item": the tracking item, "note": its note}.
#include "woo_shipments.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "woo_mapping.hpp"
#include "woo_requests.hpp"
#include "woo_tracking.hpp"
#include "woo_write_support.hpp"

namespace cartgate::woo {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "WooCommerce";

using Units = sdk::LineUnits;

struct OrderLine {
  std::int64_t quantity = 0;
  std::string name;
};
using Lines = std::map<std::string, OrderLine>;

// The order's lines by id, from its line_items.
Lines lines_of(const json::object& order) {
  Lines out;
  const auto* items = order.if_contains("line_items");
  if (items == nullptr || !items->is_array()) return out;
  for (const auto& l : items->get_array()) {
    const auto* o = l.if_object();
    const auto* id = o != nullptr ? o->if_contains("id") : nullptr;
    const auto* quantity = o != nullptr ? o->if_contains("quantity") : nullptr;
    auto text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
    if (!text || quantity == nullptr || !quantity->is_int64()) continue;
    out[*text] = OrderLine{quantity->get_int64(), sdk::string_field(*o, "name")};
  }
  return out;
}

// date_shipped: Unix seconds, as text (the extension's strtotime() through wc_clean()) or a
// number.
std::optional<Timestamp> shipped_at(const json::object& item) {
  const auto* v = item.if_contains("date_shipped");
  std::optional<std::int64_t> seconds;
  if (v != nullptr && v->is_int64()) seconds = v->get_int64();
  if (v != nullptr && v->is_string()) seconds = sdk::integer_id(v->get_string());
  if (!seconds) return std::nullopt;
  return Timestamp(std::chrono::seconds(*seconds));
}

// The note that says what shipped; the same text for the same shipment, so a retry finds it.
std::string note_for(const json::object& item, const Lines& lines) {
  std::string out = "Shipped ";
  bool first = true;
  for (const auto& [id, units] : tracked_units(item)) {
    const auto line = lines.find(id);
    const bool named = line != lines.end() && !line->second.name.empty();
    out += (first ? "" : ", ") + std::to_string(units) + " \u00d7 " +
           (named ? line->second.name : "line " + id);
    first = false;
  }
  if (const auto carrier = sdk::string_field(item, "custom_tracking_provider"); !carrier.empty()) {
    out += " by " + carrier;
  }
  if (const auto number = sdk::string_field(item, "tracking_number"); !number.empty()) {
    out += ", tracking number " + number;
  }
  if (const auto link = sdk::string_field(item, "custom_tracking_link"); !link.empty())
    out += ": " + link;
  return out + ".";
}

// The earlier attempt's item among the order's, if it was made.
const json::object* earlier_attempt(const TrackingMeta& meta, const sdk::ShipmentParams& s) {
  if (meta.items == nullptr) return nullptr;
  const Units wanted = sdk::units_by_line(s);
  for (const auto& v : *meta.items) {
    const auto* item = v.if_object();
    if (item == nullptr || sdk::string_field(*item, "tracking_number") != s.tracking_number)
      continue;
    const Units units = tracked_units(v);
    if (units.empty() || (!wanted.empty() && units != wanted)) continue;  // not the gateway's
    if (!sdk::may_be_the_attempts(shipped_at(*item), s.since)) continue;
    return item;
  }
  return nullptr;
}

// The units this shipment takes: those named, each at most what is left of its line, or
// everything left.
std::variant<Units, StepOutcome> units_to_ship(const sdk::ShipmentParams& s, const Lines& lines,
                                               const Units& shipped) {
  Units left;
  for (const auto& [id, line] : lines) {
    const auto done = shipped.find(id);
    const std::int64_t rest = line.quantity - (done == shipped.end() ? 0 : done->second);
    if (rest > 0) left[id] = rest;
  }
  if (s.lines.empty()) {
    if (left.empty())
      return sdk::write_not_possible("Everything on the WooCommerce order is shipped already.");
    return left;
  }
  Units wanted = sdk::units_by_line(s);
  for (const auto& [id, quantity] : wanted) {
    if (!lines.contains(id))
      return sdk::write_not_possible("'" + id + "' is not a line of the WooCommerce order.");
    const auto rest = left.find(id);
    const std::int64_t can = rest == left.end() ? 0 : rest->second;
    if (quantity > can) {
      return sdk::write_not_possible("Line " + id + " has " + std::to_string(can) +
                                     " left to ship, not " + std::to_string(quantity) + ".");
    }
  }
  return wanted;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// The new tracking item: a carrier of the shipper's own naming (custom_tracking_provider with
// its link), as the extension keeps a provider outside its list.
json::object new_item(const StepInput& in, const sdk::ShipmentParams& s, const Units& units) {
  json::array lines;
  for (const auto& [id, quantity] : units) {
    lines.push_back(json::object{{"line_item_id", *sdk::integer_id(id)}, {"quantity", quantity}});
  }
  return json::object{{"tracking_provider", ""},
                      {"custom_tracking_provider", s.carrier},
                      {"custom_tracking_link", s.tracking_url},
                      {"tracking_number", s.tracking_number},
                      {"date_shipped", std::to_string(in.env.now.time_since_epoch().count())},
                      // The extension's ids are 32 hex digits of an md5; any unique text serves.
                      {"tracking_id", lower(in.env.nonce)},
                      {kTrackingLinesKey, std::move(lines)}};
}

std::string state_of(std::string_view phase, const json::object& item, const std::string& note) {
  return json::serialize(json::object{{"ship", phase}, {"item", item}, {"note", note}});
}

StepOutcome post_note(const StepInput& in, const sdk::ShipmentParams& s, const json::object& item,
                      const std::string& note) {
  json::object body{{"note", note}, {"customer_note", s.notify_customer.value_or(false)}};
  return StepOutcome::need({request(in.store, in.env, "POST", "orders/" + s.id + "/notes", {},
                                    json::serialize(body), 0)},
                           state_of("note", item, note));
}

HttpRequest read_order(const StepInput& in, const sdk::ShipmentParams& s) {
  return get(in.store, in.env, "orders/" + s.id, {});
}

// The shipment in schema v1 terms (without the order, which shipment_answer adds).
json::object normalized(const json::object& item, const sdk::ShipmentParams& s) {
  json::array lines;
  for (const auto& [id, quantity] : tracked_units(item))
    lines.push_back(json::object{{"line_item_id", id}, {"quantity", quantity}});
  json::array numbers;
  if (auto n = sdk::string_field(item, "tracking_number"); !n.empty()) numbers.emplace_back(n);
  std::string carrier = sdk::string_field(item, "custom_tracking_provider");
  if (carrier.empty()) carrier = sdk::string_field(item, "tracking_provider");
  const std::string link = sdk::string_field(item, "custom_tracking_link");
  const auto at = shipped_at(item);
  const std::string id = sdk::string_field(item, "tracking_id");
  return json::object{{"id", id.empty() ? json::value(nullptr) : json::value(id)},
                      {"order_id", s.id},
                      {"created_at", at ? json::value(format_rfc3339(*at)) : json::value(nullptr)},
                      {"line_items", std::move(lines)},
                      {"tracking_numbers", std::move(numbers)},
                      {"carrier", carrier.empty() ? json::value(nullptr) : json::value(carrier)},
                      {"tracking_url", link.empty() ? json::value(nullptr) : json::value(link)},
                      {"notify_customer", s.notify_customer.value_or(false)}};
}

StepOutcome finish(const StepInput& in, const sdk::ShipmentParams& s, const json::object& item,
                   const HttpResponse& order_answer) {
  auto order = sdk::json_answer(order_answer, kName, "the order", in.call.storage);
  if (!order) return std::move(order.error());
  auto mapped = map_order(*order, in.store);
  if (auto* error = std::get_if<std::string>(&mapped)) return sdk::malformed(kName, *error);
  return StepOutcome::finished(sdk::info_result(
      sdk::shipment_answer(normalized(item, s), std::get<Order>(mapped)), json::value(item)));
}

StepOutcome after_look(const StepInput& in, const sdk::ShipmentParams& s) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  auto order = sdk::json_answer(r, kName, "the order", in.call.storage);
  if (!order) return std::move(order.error());
  if (!order->is_object()) return sdk::malformed(kName, "the order is not an object");
  const json::object& o = order->get_object();
  const Lines lines = lines_of(o);
  const TrackingMeta meta = tracking_meta(*order);
  if (s.reconcile) {
    if (const auto* made = earlier_attempt(meta, s)) {
      if (in.responses.size() != 2) return sdk::malformed(kName, "lost an answer");
      const HttpResponse& notes = in.responses[1];
      if (notes.status < 200 || notes.status >= 300) return refused_write(notes);
      const std::string note = note_for(*made, lines);
      if (holds_note(notes, note, s.since)) return finish(in, s, *made, r);
      return post_note(in, s, *made, note);
    }
  }
  const std::string status = sdk::string_field(o, "status");
  if (status == "completed") {
    return sdk::write_not_possible(
        "The WooCommerce order is completed: everything on it is shipped already.");
  }
  if (status != "pending" && status != "processing" && status != "on-hold") {
    return sdk::write_not_possible("A WooCommerce order that is " + status + " does not ship.");
  }
  if (meta.found && meta.items == nullptr) {
    return sdk::malformed(kName, "the order's tracking items are not a list");
  }
  const Units shipped = shipped_units(meta);
  auto units = units_to_ship(s, lines, shipped);
  if (auto* refused = std::get_if<StepOutcome>(&units)) return std::move(*refused);
  const Units& shipping = std::get<Units>(units);
  for (const auto& [id, quantity] : shipping) {
    if (!sdk::integer_id(id)) return sdk::malformed(kName, "an order line id is not numeric");
  }
  json::object item = new_item(in, s, shipping);
  json::array items = meta.items != nullptr ? *meta.items : json::array{};
  items.push_back(item);
  json::object entry{{"key", kTrackingMetaKey}, {"value", std::move(items)}};
  if (meta.meta_id) entry["id"] = *meta.meta_id;
  json::object body{{"meta_data", json::array{std::move(entry)}}};
  const bool every_unit = std::all_of(lines.begin(), lines.end(), [&](const auto& line) {
    const auto done = shipped.find(line.first);
    const auto now = shipping.find(line.first);
    return (done == shipped.end() ? 0 : done->second) + (now == shipping.end() ? 0 : now->second) >=
           line.second.quantity;
  });
  if (every_unit) body["status"] = "completed";
  const std::string note = note_for(item, lines);
  return StepOutcome::need(
      {request(in.store, in.env, "PUT", "orders/" + s.id, {}, json::serialize(body), 0)},
      state_of("put", item, note));
}

}  // namespace

StepOutcome shipment_step(const StepInput& in) {
  auto params = sdk::shipment_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ShipmentParams& s = *params;
  if (in.state.empty()) {
    std::vector<HttpRequest> look{read_order(in, s)};
    if (s.reconcile) {
      look.push_back(request(in.store, in.env, "GET", "orders/" + s.id + "/notes", {}, "", 1));
    }
    return StepOutcome::need(std::move(look), R"({"ship":"look"})");
  }
  auto state = sdk::write_state(in, "ship", kName, sdk::StepAnswers::some);
  if (!state) return std::move(state.error());
  if (state->phase == "look") return after_look(in, s);
  const auto* item = state->fields.if_contains("item");
  const auto* note = state->fields.if_contains("note");
  if (item == nullptr || !item->is_object() || note == nullptr || !note->is_string()) {
    return sdk::lost_write_state(kName);
  }
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  const std::string_view at = state->phase;
  if (at == "put") {
    return post_note(in, s, item->get_object(), std::string(note->get_string()));
  }
  if (at == "note") {
    return StepOutcome::need({read_order(in, s)},
                             state_of("read", item->get_object(), std::string(note->get_string())));
  }
  if (at == "read") return finish(in, s, item->get_object(), r);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::woo
