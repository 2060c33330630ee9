// order.shipment.add on Magento 2, step by step:
//   1. POST order/<id>/ship {items, tracks, comment, notify, appendComment}: one shipment
//      document, which Magento validates as a whole (an unknown item, more than is left, a
//      held or canceled order are one 400 with every reason) and answers with its id; no items
//      ships everything not yet shipped. With `reconcile` it is preceded by
//      GET shipments?order_id=<id>, and skipped when the earlier attempt's shipment is there:
//      the same tracking number and lines, created since that attempt began;
//   2. GET shipment/<id> and GET orders/<id>: the shipment as Magento keeps it, and the order's
//      state after it (a new order moves to processing, one invoiced and shipped in full to
//      complete).
// The carrier is the track's title (what the customer sees) with its carrier_code when it is
// one of Magento's own carriers (ups, usps, fedex, dhl), custom otherwise. Magento tracks have
// no link: a tracking URL goes into the shipment's comment, which the customer sees in their
// account and, when notified, in the shipment e-mail.
#include "mage_shipments.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <variant>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>
#include <cartgate/sdk/platform_time.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

#include "mage_mapping.hpp"
#include "mage_requests.hpp"

namespace cartgate::mage {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "Magento";
constexpr std::string_view kTrackingPrefix = "Tracking: ";
// Magento's own carriers (Magento_Ups, Magento_Usps, Magento_Fedex, Magento_Dhl).
constexpr std::array<std::string_view, 4> kCarriers{"ups", "usps", "fedex", "dhl"};

using Units = sdk::LineUnits;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Magento's quantities are decimals (1, 1.0, "1.0000"); whole units only.
std::optional<std::int64_t> whole(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  double d = 0;
  if (v->is_double()) {
    d = v->get_double();
  } else if (const auto* s = v->if_string()) {
    try {
      d = std::stod(std::string(*s));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  const auto n = static_cast<std::int64_t>(d);
  return static_cast<double>(n) == d ? std::optional(n) : std::nullopt;
}

Units shipment_units(const json::object& shipment) {
  Units out;
  const auto* items = shipment.if_contains("items");
  if (items == nullptr || !items->is_array()) return out;
  for (const auto& i : items->get_array()) {
    const auto* o = i.if_object();
    const auto* item = o != nullptr ? o->if_contains("order_item_id") : nullptr;
    auto id = item != nullptr ? sdk::id_text(*item) : std::nullopt;
    auto qty = o != nullptr ? whole(o->if_contains("qty")) : std::nullopt;
    if (id && qty && *qty > 0) out[*id] += *qty;
  }
  return out;
}

const json::object* first_track(const json::object& shipment) {
  const auto* tracks = shipment.if_contains("tracks");
  if (tracks == nullptr || !tracks->is_array() || tracks->get_array().empty()) return nullptr;
  return tracks->get_array().front().if_object();
}

std::string tracking_url(const json::object& shipment) {
  const auto* comments = shipment.if_contains("comments");
  if (comments == nullptr || !comments->is_array()) return {};
  for (const auto& c : comments->get_array()) {
    const auto* o = c.if_object();
    const std::string text = o != nullptr ? sdk::string_field(*o, "comment") : std::string();
    if (text.starts_with(kTrackingPrefix)) return text.substr(kTrackingPrefix.size());
  }
  return {};
}

// The earlier attempt's shipment among the order's, if it was made.
const json::object* earlier_attempt(const json::value& list, const sdk::ShipmentParams& s) {
  const auto* o = list.if_object();
  const auto* items = o != nullptr ? o->if_contains("items") : nullptr;
  if (items == nullptr || !items->is_array()) return nullptr;
  const Units wanted = sdk::units_by_line(s);
  for (const auto& v : items->get_array()) {
    const auto* shipment = v.if_object();
    if (shipment == nullptr) continue;
    const auto* track = first_track(*shipment);
    if ((track != nullptr ? sdk::string_field(*track, "track_number") : std::string()) !=
        s.tracking_number) {
      continue;
    }
    if (!wanted.empty() && shipment_units(*shipment) != wanted) continue;
    if (!sdk::may_be_the_attempts(sdk::parse_naive_utc(sdk::string_field(*shipment, "created_at")),
                                  s.since)) {
      continue;
    }
    return shipment;
  }
  return nullptr;
}

StepOutcome post_shipment(const StepInput& in, const sdk::ShipmentParams& s) {
  json::array items;
  for (const auto& [id, quantity] : sdk::units_by_line(s)) {
    auto item = sdk::integer_id(id);
    if (!item) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "'" + id +
                                   "' is not a line of the Magento order: its lines are "
                                   "numeric order item ids.");
    }
    items.push_back(json::object{{"order_item_id", *item}, {"qty", quantity}});
  }
  json::object body{{"items", std::move(items)}};
  if (!s.tracking_number.empty()) {
    const std::string code = lower(s.carrier);
    const bool own = std::find(kCarriers.begin(), kCarriers.end(), code) != kCarriers.end();
    json::object track{{"track_number", s.tracking_number},
                       {"carrier_code", own ? code : std::string("custom")}};
    if (!s.carrier.empty()) track["title"] = s.carrier;
    body["tracks"] = json::array{std::move(track)};
  }
  if (!s.tracking_url.empty()) {
    body["comment"] = json::object{{"comment", std::string(kTrackingPrefix) + s.tracking_url},
                                   {"is_visible_on_front", 1}};
  }
  if (s.notify_customer) {
    body["notify"] = *s.notify_customer;
    body["appendComment"] = *s.notify_customer && !s.tracking_url.empty();
  }
  return StepOutcome::need(
      {request(in.store, in.env, "POST", "order/" + s.id + "/ship", {}, json::serialize(body))},
      R"({"ship":"post"})");
}

StepOutcome read_back(const StepInput& in, const sdk::ShipmentParams& s,
                      const std::string& shipment_id) {
  return StepOutcome::need({get(in.store, in.env, "shipment/" + shipment_id, {}, 0),
                            get(in.store, in.env, "orders/" + s.id, {}, 1)},
                           R"({"ship":"read"})");
}

// After the earlier attempt's outcome was looked up: its shipment, or the POST.
StepOutcome after_look(const StepInput& in, const sdk::ShipmentParams& s) {
  auto list = sdk::json_answer(in.responses.front(), kName, "the shipment list", in.call.storage);
  if (!list) return std::move(list.error());
  if (!list->is_object()) return sdk::malformed(kName, "the shipment list is not an object");
  if (const auto* made = earlier_attempt(*list, s)) {
    const auto* id = made->if_contains("entity_id");
    auto text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
    if (!text) return sdk::malformed(kName, "a shipment has no entity_id");
    return read_back(in, s, *text);
  }
  return post_shipment(in, s);
}

StepOutcome after_post(const StepInput& in, const sdk::ShipmentParams& s) {
  const HttpResponse& r = in.responses.front();
  if (r.status < 200 || r.status >= 300) return refused_write(r);
  // ShipOrderInterface::execute() answers the shipment's id: a JSON string of digits as the
  // database gave it, or a number.
  auto answer = sdk::parse_platform_json(r.body);
  auto id = answer ? sdk::id_text(*answer) : std::nullopt;
  if (!id || !sdk::is_numeric_id(*id)) return sdk::malformed(kName, "the shipment id is no id");
  return read_back(in, s, *id);
}

// The shipment in schema v1 terms (without the order, which shipment_answer adds).
json::object normalized(const json::object& shipment, const sdk::ShipmentParams& s) {
  json::array lines;
  for (const auto& [id, quantity] : shipment_units(shipment))
    lines.push_back(json::object{{"line_item_id", id}, {"quantity", quantity}});
  json::array numbers;
  std::string carrier;
  if (const auto* tracks = shipment.if_contains("tracks");
      tracks != nullptr && tracks->is_array()) {
    for (const auto& t : tracks->get_array()) {
      const auto* o = t.if_object();
      if (o == nullptr) continue;
      if (auto n = sdk::string_field(*o, "track_number"); !n.empty()) numbers.emplace_back(n);
      if (carrier.empty()) carrier = sdk::string_field(*o, "title");
      if (carrier.empty() && sdk::string_field(*o, "carrier_code") != "custom") {
        carrier = sdk::string_field(*o, "carrier_code");
      }
    }
  }
  const std::string url = tracking_url(shipment);
  const auto created = sdk::parse_naive_utc(sdk::string_field(shipment, "created_at"));
  const auto* id = shipment.if_contains("entity_id");
  const auto id_text = id != nullptr ? sdk::id_text(*id) : std::nullopt;
  return json::object{
      {"id", id_text ? json::value(*id_text) : json::value(nullptr)},
      {"order_id", s.id},
      {"created_at", created ? json::value(format_rfc3339(*created)) : json::value(nullptr)},
      {"line_items", std::move(lines)},
      {"tracking_numbers", std::move(numbers)},
      {"carrier", carrier.empty() ? json::value(nullptr) : json::value(carrier)},
      {"tracking_url", url.empty() ? json::value(nullptr) : json::value(url)},
      {"notify_customer", s.notify_customer.value_or(false)}};
}

StepOutcome after_read(const StepInput& in, const sdk::ShipmentParams& s) {
  if (in.responses.size() != 2) return sdk::malformed(kName, "lost an answer");
  auto shipment = sdk::json_answer(in.responses[0], kName, "the shipment", in.call.storage);
  if (!shipment) return std::move(shipment.error());
  auto order = sdk::json_answer(in.responses[1], kName, "the order", in.call.storage);
  if (!order) return std::move(order.error());
  if (!shipment->is_object()) return sdk::malformed(kName, "the shipment is not an object");
  auto mapped = map_order(*order, in.store);
  if (auto* error = std::get_if<std::string>(&mapped)) return sdk::malformed(kName, *error);
  json::object answer =
      sdk::shipment_answer(normalized(shipment->get_object(), s), std::get<Order>(mapped));
  return StepOutcome::finished(sdk::info_result(std::move(answer), std::move(*shipment)));
}

}  // namespace

StepOutcome shipment_step(const StepInput& in) {
  auto params = sdk::shipment_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ShipmentParams& s = *params;
  if (in.state.empty()) {
    if (!s.reconcile) return post_shipment(in, s);
    SearchCriteria earlier;
    earlier.filter("order_id", s.id, "eq").sort("entity_id", "DESC").page(100, 1);
    return StepOutcome::need({get(in.store, in.env, "shipments", earlier.params())},
                             R"({"ship":"look"})");
  }
  auto state = sdk::write_state(in, "ship", kName, sdk::StepAnswers::some);
  if (!state) return std::move(state.error());
  const std::string_view at = state->phase;
  if (at == "look") return after_look(in, s);
  if (at == "post") return after_post(in, s);
  if (at == "read") return after_read(in, s);
  return sdk::lost_write_state(kName);
}

}  // namespace cartgate::mage
