// order.shipment.add on BigCommerce, step by step:
//   1. GET /v2/orders/<id>/shipping_addresses (the shipment's order_address_id), with
//      /products when no lines are named (everything not yet shipped: quantity less
//      quantity_shipped), and with /shipments when an earlier attempt's outcome is unknown;
//   2. POST /v2/orders/<id>/shipments, unless the earlier attempt's shipment is already there:
//      the same tracking number and lines, created since that attempt began;
//   3. GET /v2/orders/<id>: the order's status and date_modified after the shipment (Shipped
//      or Partially Shipped), which the answer carries for the event it causes.
// The carrier is BigCommerce's shipping_method (free text, shown to the merchant and in the
// customer's e-mail) and, when it names one of BigCommerce's integrated providers, its
// shipping_provider too, so BigCommerce links the tracking number itself.
#include "bc_shipments.hpp"

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

#include "bc_mapping.hpp"
#include "bc_requests.hpp"

namespace cartgate::bc {

namespace json = boost::json;

namespace {

constexpr std::string_view kName = "BigCommerce";
// v2's largest page, for an order's products and its shipments alike.
constexpr std::size_t kProductsPerPage = 250;
// orderShipment_Post's shipping_provider values for BigCommerce's integrated providers.
constexpr std::array<std::string_view, 9> kProviders{"auspost", "canadapost", "endicia",
                                                     "usps",    "fedex",      "royalmail",
                                                     "ups",     "upsready",   "shipperhq"};

using Units = sdk::LineUnits;

std::string path_of(const sdk::ShipmentParams& s) {
  return "/v2/orders/" + s.id;
}

std::string provider_for(std::string_view carrier) {
  std::string lower(carrier);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kProviders.begin(), kProviders.end(), lower) != kProviders.end() ? lower : "";
}

// What is left to ship of each product, from GET /v2/orders/<id>/products.
std::optional<Units> units_left(const json::value& products) {
  const auto* all = products.if_array();
  if (all == nullptr) return std::nullopt;
  Units out;
  for (const auto& p : *all) {
    const auto* o = p.if_object();
    const auto* id_value = o != nullptr ? o->if_contains("id") : nullptr;
    auto id = id_value != nullptr ? sdk::id_text(*id_value) : std::nullopt;
    const auto* quantity = o != nullptr ? o->if_contains("quantity") : nullptr;
    const auto* shipped = o != nullptr ? o->if_contains("quantity_shipped") : nullptr;
    if (!id || quantity == nullptr || !quantity->is_int64()) return std::nullopt;
    const std::int64_t done = shipped != nullptr && shipped->is_int64() ? shipped->get_int64() : 0;
    if (quantity->get_int64() > done) out[*id] = quantity->get_int64() - done;
  }
  return out;
}

Units shipment_units(const json::object& shipment) {
  Units out;
  const auto* items = shipment.if_contains("items");
  if (items == nullptr || !items->is_array()) return out;
  for (const auto& i : items->get_array()) {
    const auto* o = i.if_object();
    if (o == nullptr || !o->contains("order_product_id")) continue;
    auto id = sdk::id_text(o->at("order_product_id"));
    const auto* quantity = o->if_contains("quantity");
    if (id && quantity != nullptr && quantity->is_int64()) out[*id] += quantity->get_int64();
  }
  return out;
}

// The earlier attempt's shipment among the order's, if it was made.
const json::object* earlier_attempt(const json::value& shipments, const sdk::ShipmentParams& s) {
  const auto* all = shipments.if_array();
  if (all == nullptr) return nullptr;
  const Units wanted = sdk::units_by_line(s);
  for (const auto& v : *all) {
    const auto* o = v.if_object();
    if (o == nullptr || sdk::string_field(*o, "tracking_number") != s.tracking_number) continue;
    if (!wanted.empty() && shipment_units(*o) != wanted) continue;
    if (!sdk::may_be_the_attempts(sdk::parse_rfc2822(sdk::string_field(*o, "date_created")),
                                  s.since)) {
      continue;
    }
    return o;
  }
  return nullptr;
}

StepOutcome post_shipment(const StepInput& in, const sdk::ShipmentParams& s,
                          const std::string& address_id, const Units& units) {
  json::array items;
  for (const auto& [id, quantity] : units) {
    auto product = sdk::integer_id(id);
    if (!product) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "'" + id +
                                   "' is not a line of the BigCommerce order: its lines "
                                   "are numeric order product ids.");
    }
    items.push_back(json::object{{"order_product_id", *product}, {"quantity", quantity}});
  }
  auto address = sdk::integer_id(address_id);
  if (!address) return sdk::malformed(kName, "the order's shipping address id is not numeric");
  json::object body{{"order_address_id", *address}, {"items", std::move(items)}};
  if (!s.tracking_number.empty()) body["tracking_number"] = s.tracking_number;
  if (!s.carrier.empty()) {
    body["shipping_method"] = s.carrier;
    if (auto provider = provider_for(s.carrier); !provider.empty()) {
      body["shipping_provider"] = provider;
    }
  }
  if (!s.tracking_url.empty()) body["tracking_link"] = s.tracking_url;
  return StepOutcome::need(
      {request(in.store, "POST", path_of(s) + "/shipments", {}, json::serialize(body))},
      R"({"ship":"post"})");
}

// The shipment in schema v1 terms (without the order, which the last step adds).
json::object normalized(const json::object& shipment, const sdk::ShipmentParams& s) {
  json::array lines;
  for (const auto& [id, quantity] : shipment_units(shipment)) {
    lines.push_back(json::object{{"line_item_id", id}, {"quantity", quantity}});
  }
  json::array numbers;
  if (auto n = sdk::string_field(shipment, "tracking_number"); !n.empty()) numbers.emplace_back(n);
  std::string carrier = sdk::string_field(shipment, "shipping_method");
  if (carrier.empty()) carrier = sdk::string_field(shipment, "shipping_provider_display_name");
  std::string url = sdk::string_field(shipment, "tracking_link");
  if (url.empty()) url = sdk::string_field(shipment, "generated_tracking_link");
  const auto created = sdk::parse_rfc2822(sdk::string_field(shipment, "date_created"));
  const auto id = shipment.contains("id") ? sdk::id_text(shipment.at("id")) : std::nullopt;
  return json::object{
      {"id", id ? json::value(*id) : json::value(nullptr)},
      {"order_id", s.id},
      {"created_at", created ? json::value(format_rfc3339(*created)) : json::value(nullptr)},
      {"line_items", std::move(lines)},
      {"tracking_numbers", std::move(numbers)},
      {"carrier", carrier.empty() ? json::value(nullptr) : json::value(carrier)},
      {"tracking_url", url.empty() ? json::value(nullptr) : json::value(url)},
      {"notify_customer", nullptr}};
}

StepOutcome read_order_after(const StepInput& in, const sdk::ShipmentParams& s,
                             json::object shipment, json::value raw) {
  json::object state{{"ship", "order"}, {"shipment", std::move(shipment)}, {"raw", std::move(raw)}};
  return StepOutcome::need({request(in.store, "GET", path_of(s), {})},
                           sdk::encode_page_token(state));
}

// A v2 list answer (products, shipments): its array, 204 being an empty one; or the outcome.
std::variant<json::value, StepOutcome> list_answer(const StepInput& in, const HttpResponse& r,
                                                   std::string_view what) {
  if (r.status != 200 && r.status != 204) return refused_write(r);
  auto parsed = sdk::parse_platform_json(r.status == 204 ? "[]" : r.body, in.call.storage);
  if (!parsed || !parsed->is_array()) {
    return sdk::malformed(kName, "the order's " + std::string(what) + " are not a list");
  }
  return std::move(*parsed);
}

// After step 1: the shipment to make, or the earlier attempt's.
StepOutcome after_look(const StepInput& in, const sdk::ShipmentParams& s) {
  const std::size_t asked = 1 + (s.lines.empty() ? 1 : 0) + (s.reconcile ? 1 : 0);
  if (in.responses.size() != asked) return sdk::malformed(kName, "lost an answer");
  const HttpResponse& addresses = in.responses.front();
  if (addresses.status != 200) return refused_write(addresses);
  auto list = sdk::parse_platform_json(addresses.body, in.call.storage);
  const auto* first = list && list->is_array() && !list->get_array().empty()
                          ? list->get_array().front().if_object()
                          : nullptr;
  const auto address =
      first != nullptr && first->contains("id") ? sdk::id_text(first->at("id")) : std::nullopt;
  if (!address) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "The BigCommerce order has no shipping address to ship to.");
  }
  std::size_t next = 1;
  Units units = sdk::units_by_line(s);
  if (units.empty()) {
    auto products = list_answer(in, in.responses[next++], "products");
    if (auto* failed = std::get_if<StepOutcome>(&products)) return std::move(*failed);
    const json::value& listed = std::get<json::value>(products);
    auto left = units_left(listed);
    if (!left) return sdk::malformed(kName, "an order product has no id or quantity");
    if (listed.get_array().size() >= kProductsPerPage) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               "The order has 250 products or more: name the line_items to ship.");
    }
    units = std::move(*left);
  }
  if (s.reconcile) {
    auto shipments = list_answer(in, in.responses[next], "shipments");
    if (auto* failed = std::get_if<StepOutcome>(&shipments)) return std::move(*failed);
    if (const auto* made = earlier_attempt(std::get<json::value>(shipments), s)) {
      return read_order_after(in, s, normalized(*made, s), json::value(*made));
    }
  }
  if (units.empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "Everything on the BigCommerce order is shipped already.");
  }
  return post_shipment(in, s, *address, units);
}

StepOutcome after_post(const StepInput& in, const sdk::ShipmentParams& s) {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200 && r.status != 201) return refused_write(r);
  auto made = sdk::parse_platform_json(r.body, in.call.storage);
  if (!made || !made->is_object()) return sdk::malformed(kName, "the shipment is not an object");
  return read_order_after(in, s, normalized(made->get_object(), s), *made);
}

StepOutcome after_order(const StepInput& in, json::object state) {
  const HttpResponse& r = in.responses.front();
  if (r.status != 200) return refused_write(r);
  auto raw = sdk::parse_platform_json(r.body, in.call.storage);
  if (!raw) return sdk::malformed(kName, "the order is not JSON");
  auto mapped = map_order(*raw, nullptr, nullptr, in.store);
  if (auto* error = std::get_if<std::string>(&mapped)) return sdk::malformed(kName, *error);
  json::object shipment =
      sdk::shipment_answer(std::move(state.at("shipment").as_object()), std::get<Order>(mapped));
  return StepOutcome::finished(sdk::info_result(std::move(shipment), std::move(state.at("raw"))));
}

}  // namespace

StepOutcome shipment_step(const StepInput& in) {
  auto params = sdk::shipment_params(in.call, kName);
  if (!params) return std::move(params.error());
  const sdk::ShipmentParams& s = *params;
  if (s.notify_customer) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             "BigCommerce e-mails the customer about a shipment as the store's "
                             "order notification settings say; leave notify_customer out.");
  }
  if (in.state.empty()) {
    std::vector<HttpRequest> look{request(in.store, "GET", path_of(s) + "/shipping_addresses", {})};
    if (s.lines.empty()) {
      look.push_back(request(in.store, "GET", path_of(s) + "/products",
                             {{"limit", std::to_string(kProductsPerPage)}, {"page", "1"}}));
    }
    if (s.reconcile) {
      look.push_back(request(in.store, "GET", path_of(s) + "/shipments",
                             {{"limit", std::to_string(kProductsPerPage)}}));
    }
    return StepOutcome::need(std::move(look), R"({"ship":"look"})");
  }
  auto state = sdk::write_state(in, "ship", kName, sdk::StepAnswers::some);
  if (!state) return std::move(state.error());
  const std::string& phase = state->phase;
  StepOutcome next = phase == "look"    ? after_look(in, s)
                     : phase == "post"  ? after_post(in, s)
                     : phase == "order" ? after_order(in, std::move(state->fields))
                                        : sdk::lost_write_state(kName);
  return with_observations(std::move(next), in.responses);
}

}  // namespace cartgate::bc
