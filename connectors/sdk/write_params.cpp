#include <cartgate/schema/money.hpp>
#include <cartgate/schema/time.hpp>
#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/read_result.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::sdk {

namespace {

// The call's parameters when they ask for `operation`; nullptr otherwise.
const boost::json::object* params_of(const Call& call, std::string_view operation) {
  const auto* p = call.params.if_object();
  const auto* op = p != nullptr ? p->if_contains("operation") : nullptr;
  return op != nullptr && op->is_string() && op->get_string() == operation ? p : nullptr;
}

StepOutcome unsupported_operation(std::string_view operation, std::string_view platform) {
  return StepOutcome::fail(
      ConnectorErrorKind::unsupported,
      "The " + std::string(platform) + " connector performs " + std::string(operation) + " only.");
}

// Whether the call reconciles an earlier attempt, and when that attempt began.
void read_attempt(const boost::json::object& p, WriteParams& w) {
  if (const auto* r = p.if_contains("reconcile"); r != nullptr && r->is_bool()) {
    w.reconcile = r->get_bool();
  }
  if (const auto* s = p.if_contains("since"); s != nullptr && s->is_string()) {
    w.since = parse_rfc3339(s->get_string());
  }
}

}  // namespace

boost::system::result<WriteParams, StepOutcome> numeric_id_write(const Call& call,
                                                                 std::string_view operation,
                                                                 std::string_view platform) {
  const auto* p = params_of(call, operation);
  if (p == nullptr) return unsupported_operation(operation, platform);
  WriteParams w;
  const auto* id = p->if_contains("id");
  if (id == nullptr || !id->is_string() || !is_numeric_id(id->get_string())) {
    return StepOutcome::fail(ConnectorErrorKind::not_found,
                             std::string(platform) + " ids are numeric.");
  }
  w.id = std::string(id->get_string());
  const auto* changes = p->if_contains("changes");
  if (changes == nullptr || !changes->is_object() || changes->get_object().empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "No changes to make.");
  }
  w.changes = &changes->get_object();
  read_attempt(*p, w);
  return w;
}

boost::system::result<OrderUpdateParams, StepOutcome> order_update_params(
    const Call& call, std::string_view platform) {
  auto write = numeric_id_write(call, "order.update", platform);
  if (!write) return std::move(write.error());
  OrderUpdateParams u;
  static_cast<WriteParams&>(u) = *write;
  for (const auto& [key, value] : *u.changes) {
    if (key == "status" && value.is_string()) {
      u.status = value.get_string();
    } else if (key == "note" && value.is_string()) {
      u.note = std::string(value.get_string());
    } else {
      return StepOutcome::fail(
          ConnectorErrorKind::invalid_query,
          std::string(platform) + " cannot change '" + std::string(key) + "' of an order.");
    }
  }
  return u;
}

namespace {

// One {"id", "quantity"} of the gateway's line_items, or nothing if malformed.
std::optional<ShippedLine> shipped_line(const boost::json::value& v) {
  const auto* o = v.if_object();
  const auto* id = o != nullptr ? o->if_contains("id") : nullptr;
  const auto* quantity = o != nullptr ? o->if_contains("quantity") : nullptr;
  if (id == nullptr || !id->is_string() || quantity == nullptr || !quantity->is_int64() ||
      quantity->get_int64() < 1) {
    return std::nullopt;
  }
  return ShippedLine{std::string(id->get_string()), quantity->get_int64()};
}

}  // namespace

boost::system::result<ShipmentParams, StepOutcome> shipment_params(const Call& call,
                                                                   std::string_view platform) {
  auto write = numeric_id_write(call, "order.shipment.add", platform);
  if (!write) return std::move(write.error());
  ShipmentParams s;
  static_cast<WriteParams&>(s) = *write;
  const auto bad = [&](std::string_view what) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             std::string(platform) + " shipment: " + std::string(what) + ".");
  };
  for (const auto& [key, value] : *s.changes) {
    if (key == "line_items") {
      if (value.is_null()) continue;
      if (!value.is_array() || value.get_array().empty()) return bad("line_items is not a list");
      for (const auto& line : value.get_array()) {
        auto l = shipped_line(line);
        if (!l) return bad("a line item needs an id and a positive quantity");
        s.lines.push_back(std::move(*l));
      }
    } else if (key == "notify_customer" && value.is_bool()) {
      s.notify_customer = value.get_bool();
    } else if (value.is_string() && key == "tracking_number") {
      s.tracking_number = value.get_string();
    } else if (value.is_string() && key == "carrier") {
      s.carrier = value.get_string();
    } else if (value.is_string() && key == "tracking_url") {
      s.tracking_url = value.get_string();
    } else {
      return bad("'" + std::string(key) + "' is not a shipment field");
    }
  }
  return s;
}

namespace {

// The product fields of `operation`'s changes (status only for product.update).
boost::system::result<ProductUpdateParams, StepOutcome> product_params(const Call& call,
                                                                       std::string_view operation,
                                                                       std::string_view platform) {
  auto write = numeric_id_write(call, operation, platform);
  if (!write) return std::move(write.error());
  ProductUpdateParams u;
  static_cast<WriteParams&>(u) = *write;
  const bool whole_product = operation == "product.update";
  for (const auto& [key, value] : *u.changes) {
    if (key == "price" && value.is_string()) {
      u.price = value.get_string();
    } else if (key == "compare_at_price" && (value.is_string() || value.is_null())) {
      u.compare_at_given = true;
      if (value.is_string()) u.compare_at_price = value.get_string();
    } else if (key == "status" && whole_product && value.is_string()) {
      u.status = value.get_string();
    } else if (key == "stock_quantity" && value.is_int64()) {
      u.stock_quantity = value.get_int64();
    } else {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               std::string(platform) + (whole_product ? " product" : " variant") +
                                   ": '" + std::string(key) + "' is not a field it writes.");
    }
  }
  return u;
}

}  // namespace

boost::system::result<ProductUpdateParams, StepOutcome> product_update_params(
    const Call& call, std::string_view platform) {
  return product_params(call, "product.update", platform);
}

boost::system::result<ProductUpdateParams, StepOutcome> product_variant_update_params(
    const Call& call, std::string_view platform) {
  auto u = product_params(call, "product.variant.update", platform);
  if (!u) return u;
  const auto* variant = call.params.get_object().if_contains("variant_id");
  if (variant == nullptr || !variant->is_string() || !is_numeric_id(variant->get_string())) {
    return StepOutcome::fail(ConnectorErrorKind::not_found,
                             std::string(platform) + " variant ids are numeric.");
  }
  u->variant_id = variant->get_string();
  return u;
}

namespace {

// A customer write's changes into `u`, or the refusal of a field no connector writes.
// A default_address change as the gateway sends it: an object of Address fields.
Address address_of(const boost::json::object& sent) {
  Address a;
  const auto text = [&](std::string_view key) -> std::optional<std::string> {
    const auto* v = sent.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->get_string());
  };
  a.first_name = text("first_name");
  a.last_name = text("last_name");
  a.company = text("company");
  a.address1 = text("address1");
  a.address2 = text("address2");
  a.city = text("city");
  a.region = text("region");
  a.region_code = text("region_code");
  a.postal_code = text("postal_code");
  a.country_code = text("country_code");
  a.phone = text("phone");
  return a;
}

std::optional<StepOutcome> read_customer_changes(CustomerUpdateParams& u, std::string_view platform,
                                                 bool writes_address) {
  for (const auto& [key, value] : *u.changes) {
    if (key == "default_address" && writes_address && value.is_object()) {
      u.default_address = address_of(value.get_object());
      continue;
    }
    if (key == "email_marketing" && value.is_string()) {
      u.email_marketing = value.get_string() == "subscribed";
      continue;
    }
    std::optional<std::string>* field = key == "first_name"  ? &u.first_name
                                        : key == "last_name" ? &u.last_name
                                        : key == "email"     ? &u.email
                                        : key == "phone"     ? &u.phone
                                                             : nullptr;
    if (field == nullptr || !value.is_string()) {
      return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                               std::string(platform) + " customer: '" + std::string(key) +
                                   "' is not a field it writes.");
    }
    *field = std::string(value.get_string());
  }
  return std::nullopt;
}

}  // namespace

boost::system::result<CustomerUpdateParams, StepOutcome> customer_update_params(
    const Call& call, std::string_view platform, bool writes_address) {
  auto write = numeric_id_write(call, "customer.update", platform);
  if (!write) return std::move(write.error());
  CustomerUpdateParams u;
  static_cast<WriteParams&>(u) = *write;
  if (auto refused = read_customer_changes(u, platform, writes_address)) return std::move(*refused);
  return u;
}

boost::system::result<CustomerUpdateParams, StepOutcome> customer_add_params(
    const Call& call, std::string_view platform, bool writes_address) {
  const auto* p = params_of(call, "customer.add");
  if (p == nullptr) return unsupported_operation("customer.add", platform);
  const auto* changes = p->if_contains("changes");
  if (changes == nullptr || !changes->is_object()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query, "No customer to add.");
  }
  CustomerUpdateParams u;
  u.changes = &changes->get_object();
  read_attempt(*p, u);
  if (auto refused = read_customer_changes(u, platform, writes_address)) return std::move(*refused);
  if (!u.email || u.email->empty()) {
    return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                             std::string(platform) + " customer: an e-mail address is needed.");
  }
  return u;
}

bool may_be_the_attempts(std::optional<Timestamp> created, std::optional<Timestamp> since) {
  using namespace std::chrono_literals;
  if (!since) return true;
  return created && *created + 5min >= *since;
}

namespace {
constexpr std::string_view kParagraph = "\n\n";
}  // namespace

std::string with_paragraph(std::string_view text, std::string_view note) {
  if (text.empty()) return std::string(note);
  return std::string(text) + std::string(kParagraph) + std::string(note);
}

bool holds_paragraph(std::string_view text, std::string_view note) {
  const std::string para(kParagraph);
  const std::string inner = para + std::string(note);
  return text == note || text.starts_with(std::string(note) + para) || text.ends_with(inner) ||
         text.find(inner + para) != std::string_view::npos;
}

LineUnits units_by_line(const ShipmentParams& s) {
  LineUnits out;
  for (const auto& l : s.lines)
    out[l.line_item_id] += l.quantity;
  return out;
}

boost::json::object shipment_answer(boost::json::object shipment,
                                    const boost::json::object& order) {
  const auto field = [&](std::string_view key) {
    const auto* v = order.if_contains(key);
    return v != nullptr ? *v : boost::json::value(nullptr);
  };
  shipment["store_id"] = field("store_id");
  shipment["platform"] = field("platform");
  shipment["order"] = boost::json::object{{"id", field("id")},
                                          {"status", field("status")},
                                          {"fulfillment_status", field("fulfillment_status")},
                                          {"updated_at", field("updated_at")}};
  return shipment;
}

boost::json::object shipment_answer(boost::json::object shipment, const Order& order) {
  boost::json::value fulfillment = nullptr;
  if (order.fulfillment_status) fulfillment = enum_name(*order.fulfillment_status);
  return shipment_answer(std::move(shipment),
                         boost::json::object{{"store_id", order.store_id},
                                             {"platform", order.platform},
                                             {"id", order.id},
                                             {"status", enum_name(order.status)},
                                             {"fulfillment_status", std::move(fulfillment)},
                                             {"updated_at", format_rfc3339(order.updated_at)}});
}

boost::system::result<ProductPrices, StepOutcome> prices_after(const ProductUpdateParams& u,
                                                               const ProductPrices& now,
                                                               std::string_view currency,
                                                               std::string_view platform,
                                                               std::string_view consequence) {
  ProductPrices after;
  after.price = u.price ? parse_money(*u.price, currency) : now.price;
  if (u.compare_at_given) {
    if (u.compare_at_price) after.compare_at = parse_money(*u.compare_at_price, currency);
  } else {
    after.compare_at = now.compare_at;
  }
  if (!after.price || (u.compare_at_price && !after.compare_at)) {
    return malformed(platform, "a price is not a decimal in the store's currency");
  }
  if (after.compare_at && after.compare_at->minor_units <= after.price->minor_units) {
    return write_not_possible("The compare-at price " + format_amount(*after.compare_at) +
                              " is not above the price " + format_amount(*after.price) + ": " +
                              std::string(consequence) +
                              ". Send compare_at_price: null to end the sale.");
  }
  return after;
}

boost::system::result<WriteState, StepOutcome> write_state(const StepInput& in,
                                                           std::string_view key,
                                                           std::string_view platform,
                                                           StepAnswers expected) {
  auto state = decode_page_token(in.state);
  const auto* phase = state ? state->if_contains(key) : nullptr;
  const bool answered =
      expected == StepAnswers::one ? in.responses.size() == 1 : !in.responses.empty();
  if (phase == nullptr || !phase->is_string() || !answered) return lost_write_state(platform);
  std::string named(phase->get_string());
  return WriteState{std::move(*state), std::move(named)};
}

StepOutcome lost_write_state(std::string_view platform) {
  return malformed(platform, "lost the write's state");
}

}  // namespace cartgate::sdk
