#include "api/write_requests.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string_view>

#include <boost/json/serialize.hpp>

#include <cartgate/schema/identity.hpp>
#include <cartgate/sdk/crypto.hpp>

#include "api/customer_fields.hpp"

namespace cartgate::api {

namespace json = boost::json;

namespace {

// The statuses a caller may set. refunded and failed follow money (a refund, a declined
// payment) and are not set by hand through the gateway.
constexpr std::array<std::string_view, 5> kSettableStatuses{"pending", "processing", "on_hold",
                                                            "completed", "cancelled"};
constexpr std::size_t kMaxNoteLength = 10'000;
// The platforms' own limits: BigCommerce keeps 50 characters of a tracking number and 500 of a
// tracking link; one shipment names at most 250 lines (Shopify's fulfillment line items).
constexpr std::size_t kMaxTrackingNumber = 50;
constexpr std::size_t kMaxTrackingUrl = 500;
constexpr std::size_t kMaxCarrier = 100;
constexpr std::size_t kMaxShippedLines = 250;
constexpr std::int64_t kMaxQuantity = 1'000'000;
constexpr std::int64_t kMaxStock = 1'000'000'000;
// A customer's fields: names as the platforms keep them (255 characters on each), an address
// within RFC 5321's 254, a phone as BigCommerce keeps it (50).
constexpr std::size_t kMaxPersonName = 255;
constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxPhone = 50;

// The store and the entity's id every write names.
ApiResult<WriteRequest> entity_write(const Params& p, std::string operation, std::string entity) {
  WriteRequest w{std::move(operation), std::move(entity), {}, {}, {}, {}, {}};
  auto store_id = p.required_string("store_id", 64);
  if (!store_id) return store_id.error();
  auto id = p.required_string("id", 64);
  if (!id) return id.error();
  w.store_id = std::move(*store_id);
  w.id = std::move(*id);
  return w;
}

// line_items as sent: [{id, quantity}], each line named once.
ApiResult<json::value> read_shipped_lines(const json::value* sent) {
  if (sent == nullptr || sent->is_null()) return json::value(nullptr);
  const auto* lines = sent->if_array();
  if (lines == nullptr || lines->empty() || lines->size() > kMaxShippedLines) {
    return http::invalid_parameter(
        "'line_items' must be a list of 1 to 250 {\"id\", \"quantity\"} objects (leave it out "
        "to ship everything not yet shipped).");
  }
  json::array out;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const std::string at = "'line_items[" + std::to_string(i) + "]'";
    const auto* o = (*lines)[i].if_object();
    const auto* id = o != nullptr ? o->if_contains("id") : nullptr;
    const auto* quantity = o != nullptr ? o->if_contains("quantity") : nullptr;
    if (o == nullptr || o->size() != 2 || id == nullptr || quantity == nullptr) {
      return http::invalid_parameter(at + " must be {\"id\", \"quantity\"}.");
    }
    if (!id->is_string() || id->get_string().empty() || id->get_string().size() > 64) {
      return http::invalid_parameter(at + ": 'id' must be an order line's id (a string).");
    }
    if (!quantity->is_int64() || quantity->get_int64() < 1 ||
        quantity->get_int64() > kMaxQuantity) {
      return http::invalid_parameter(at + ": 'quantity' must be a whole number from 1.");
    }
    if (!seen.emplace(id->get_string()).second) {
      return http::invalid_parameter(at + ": line '" + std::string(id->get_string()) +
                                     "' is named twice.");
    }
    out.push_back(json::object{{"id", id->get_string()}, {"quantity", quantity->get_int64()}});
  }
  return json::value(std::move(out));
}

// A price as sent: a decimal string ("19.99"), never a JSON number (money is never a float);
// the store's currency decides how many decimals it keeps. Scaled to 1/10,000 for comparing.
constexpr std::size_t kMaxPriceDecimals = 4;
std::optional<std::int64_t> price_ten_thousandths(std::string_view text) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 12 || fraction.size() > kMaxPriceDecimals ||
      (dot != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  std::int64_t out = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < kMaxPriceDecimals; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
  }
  return out;
}

ApiResult<std::optional<std::int64_t>> read_price(const Params& p, std::string_view name) {
  const auto* v = p.raw(name);
  if (v == nullptr || v->is_null()) return std::optional<std::int64_t>();
  auto scaled = v->is_string() ? price_ten_thousandths(v->get_string()) : std::nullopt;
  if (!scaled) {
    return http::invalid_parameter("'" + std::string(name) +
                                   "' must be a decimal string such as \"19.99\" (at most 4 "
                                   "decimals; money is never a JSON number).");
  }
  return scaled;
}

// The prices and stock product.update and product.variant.update both take, into w.changes.
std::optional<http::Problem> read_prices_and_stock(const Params& p, WriteRequest& w) {
  auto price = read_price(p, "price");
  if (!price) return price.error();
  auto compare_at = read_price(p, "compare_at_price");
  if (!compare_at) return compare_at.error();
  if (*price && *compare_at && **compare_at <= **price) {
    return http::invalid_parameter(
        "'compare_at_price' is the price before a sale: it must be above 'price'.");
  }
  if (*price) w.changes["price"] = p.raw("price")->get_string();
  if (p.has("compare_at_price")) {
    // null ends a sale: the product sells at its price with nothing struck through.
    w.changes["compare_at_price"] =
        *compare_at ? json::value(p.raw("compare_at_price")->get_string()) : json::value(nullptr);
  }
  if (p.has("stock_quantity")) {
    auto stock = p.integer("stock_quantity", 0, kMaxStock, 0);
    if (!stock) return stock.error();
    w.changes["stock_quantity"] = *stock;
  }
  return std::nullopt;
}

// A customer's text field as sent: trimmed, without control characters; a name or an e-mail
// address may not be empty, a phone may ("" removes it).
std::optional<http::Problem> read_customer_field(const Params& p, std::string_view name,
                                                 std::size_t max_length, bool may_be_empty,
                                                 WriteRequest& w) {
  auto sent = p.string(name, max_length);
  if (!sent) return sent.error();
  if (!*sent) return std::nullopt;
  const std::string_view value = trimmed(**sent);
  const std::string field(name);
  if (has_control_character(value)) {
    return http::invalid_parameter("'" + field + "' holds a control character.");
  }
  if (value.empty() && !may_be_empty) {
    return http::invalid_parameter("'" + field + "' is empty: a customer keeps one.");
  }
  if (name == "email" && !plausible_email(value)) {
    return http::invalid_parameter("'email' is not an e-mail address.");
  }
  w.changes[name] = value;
  return std::nullopt;
}

// email_marketing as sent: consent given ("subscribed") or withdrawn ("unsubscribed"). The
// other states (never asked, awaiting confirmation) are the platform's to set, not a caller's.
std::optional<http::Problem> read_email_marketing(const Params& p, WriteRequest& w) {
  auto sent = p.string("email_marketing", 16);
  if (!sent) return sent.error();
  if (!*sent) return std::nullopt;
  if (**sent != "subscribed" && **sent != "unsubscribed") {
    return http::invalid_parameter(
        "'email_marketing' must be \"subscribed\" (consent given) or \"unsubscribed\" "
        "(consent withdrawn).");
  }
  w.changes["email_marketing"] = **sent;
  return std::nullopt;
}

}  // namespace

std::string fingerprint(const WriteRequest& w) {
  json::array whole{w.operation, w.store_id, w.id, w.changes};
  if (!w.variant_id.empty()) whole.emplace_back(w.variant_id);
  return sdk::hex_encode(sdk::sha256(json::serialize(whole)));
}

ApiResult<WriteRequest> read_order_update(const Params& p) {
  if (auto bad = p.only({"store_id", "id", "status", "note"})) return *bad;
  auto w = entity_write(p, "order.update", "order");
  if (!w) return w;
  auto status = p.string("status", 32);
  if (!status) return status.error();
  auto note = p.string("note", kMaxNoteLength);
  if (!note) return note.error();
  if (*status) {
    if (std::find(kSettableStatuses.begin(), kSettableStatuses.end(), **status) ==
        kSettableStatuses.end()) {
      return http::invalid_parameter(
          "'status' must be one of pending, processing, on_hold, completed, cancelled.");
    }
    w->changes["status"] = **status;
  }
  if (*note) {
    if ((*note)->empty()) return http::invalid_parameter("'note' is empty.");
    w->changes["note"] = **note;
  }
  if (w->changes.empty()) {
    return http::invalid_parameter("Nothing to change: send 'status', 'note' or both.");
  }
  return w;
}

ApiResult<WriteRequest> read_order_shipment_add(const Params& p) {
  if (auto bad = p.only({"store_id", "id", "line_items", "tracking_number", "carrier",
                         "tracking_url", "notify_customer"})) {
    return *bad;
  }
  auto w = entity_write(p, "order.shipment.add", "order");
  if (!w) return w;
  auto lines = read_shipped_lines(p.raw("line_items"));
  if (!lines) return lines.error();
  w->changes["line_items"] = std::move(*lines);
  auto number = p.string("tracking_number", kMaxTrackingNumber);
  if (!number) return number.error();
  auto carrier = p.string("carrier", kMaxCarrier);
  if (!carrier) return carrier.error();
  auto url = p.string("tracking_url", kMaxTrackingUrl);
  if (!url) return url.error();
  if (*url && !(*url)->starts_with("https://") && !(*url)->starts_with("http://")) {
    return http::invalid_parameter("'tracking_url' must be an http or https URL.");
  }
  const auto given = [](const std::optional<std::string>& v) { return v && !v->empty(); };
  if ((given(*carrier) || given(*url)) && !given(*number)) {
    return http::invalid_parameter(
        "'carrier' and 'tracking_url' describe a tracking number: "
        "send 'tracking_number' too.");
  }
  if (given(*number)) w->changes["tracking_number"] = **number;
  if (given(*carrier)) w->changes["carrier"] = **carrier;
  if (given(*url)) w->changes["tracking_url"] = **url;
  if (p.has("notify_customer")) {
    auto notify = p.boolean("notify_customer", false);
    if (!notify) return notify.error();
    w->changes["notify_customer"] = *notify;
  }
  return w;
}

ApiResult<WriteRequest> read_product_update(const Params& p) {
  if (auto bad =
          p.only({"store_id", "id", "price", "compare_at_price", "status", "stock_quantity"})) {
    return *bad;
  }
  auto w = entity_write(p, "product.update", "product");
  if (!w) return w;
  if (auto bad = read_prices_and_stock(p, *w)) return *bad;
  auto status = p.string("status", 16);
  if (!status) return status.error();
  if (*status) {
    if (**status != "active" && **status != "draft" && **status != "archived") {
      return http::invalid_parameter("'status' must be one of active, draft, archived.");
    }
    w->changes["status"] = **status;
  }
  if (w->changes.empty()) {
    return http::invalid_parameter(
        "Nothing to change: send 'price', 'compare_at_price', 'status' or 'stock_quantity'.");
  }
  return w;
}

ApiResult<WriteRequest> read_product_variant_update(const Params& p) {
  if (auto bad =
          p.only({"store_id", "product_id", "id", "price", "compare_at_price", "stock_quantity"})) {
    return *bad;
  }
  auto store_id = p.required_string("store_id", 64);
  if (!store_id) return store_id.error();
  auto product_id = p.required_string("product_id", 64);
  if (!product_id) return product_id.error();
  auto variant_id = p.required_string("id", 64);
  if (!variant_id) return variant_id.error();
  WriteRequest w{"product.variant.update",
                 "product",
                 std::move(*store_id),
                 std::move(*product_id),
                 std::move(*variant_id),
                 {},
                 {}};
  if (auto bad = read_prices_and_stock(p, w)) return *bad;
  if (w.changes.empty()) {
    return http::invalid_parameter(
        "Nothing to change: send 'price', 'compare_at_price' or 'stock_quantity'.");
  }
  return w;
}

ApiResult<WriteRequest> read_customer_update(const Params& p) {
  if (auto bad = p.only({"store_id", "id", "first_name", "last_name", "email", "phone",
                         "email_marketing", "default_address"})) {
    return *bad;
  }
  auto w = entity_write(p, "customer.update", "customer");
  if (!w) return w;
  if (auto bad = read_customer_field(p, "first_name", kMaxPersonName, false, *w)) return *bad;
  if (auto bad = read_customer_field(p, "last_name", kMaxPersonName, false, *w)) return *bad;
  if (auto bad = read_customer_field(p, "email", kMaxEmail, false, *w)) return *bad;
  if (auto bad = read_customer_field(p, "phone", kMaxPhone, true, *w)) return *bad;
  if (auto bad = read_email_marketing(p, *w)) return *bad;
  if (auto bad = read_default_address(p, w->changes)) return *bad;
  if (w->changes.empty()) {
    return http::invalid_parameter(
        "Nothing to change: send 'first_name', 'last_name', 'email', 'phone', "
        "'email_marketing' or 'default_address'.");
  }
  return w;
}

ApiResult<WriteRequest> read_customer_add(const Params& p) {
  if (auto bad = p.only({"store_id", "email", "first_name", "last_name", "phone", "email_marketing",
                         "default_address"})) {
    return *bad;
  }
  auto store_id = p.required_string("store_id", 64);
  if (!store_id) return store_id.error();
  WriteRequest w{"customer.add", "customer", std::move(*store_id), {}, {}, {}, {}};
  if (!p.has("email")) {
    return http::invalid_parameter("'email' is required: a customer is added by e-mail address.");
  }
  if (auto bad = read_customer_field(p, "email", kMaxEmail, false, w)) return *bad;
  if (auto bad = read_customer_field(p, "first_name", kMaxPersonName, false, w)) return *bad;
  if (auto bad = read_customer_field(p, "last_name", kMaxPersonName, false, w)) return *bad;
  if (auto bad = read_customer_field(p, "phone", kMaxPhone, true, w)) return *bad;
  if (auto bad = read_email_marketing(p, w)) return *bad;
  if (auto bad = read_default_address(p, w.changes)) return *bad;
  // No phone is what a new customer has anyway.
  if (const auto* phone = w.changes.if_contains("phone"); phone && phone->as_string().empty()) {
    w.changes.erase("phone");
  }
  // Addresses are found without regard to case on every platform: one new customer per address.
  w.creation_key = normalize_email(w.changes.at("email").as_string()).value_or("");
  return w;
}

bool is_write_operation(std::string_view operation) {
  return operation == "order.update" || operation == "order.shipment.add" ||
         operation == "product.update" || operation == "product.variant.update" ||
         operation == "customer.update" || operation == "customer.add";
}

ApiResult<WriteRequest> read_write_request(std::string_view operation, const Params& p) {
  if (operation == "order.update") return read_order_update(p);
  if (operation == "order.shipment.add") return read_order_shipment_add(p);
  if (operation == "product.update") return read_product_update(p);
  if (operation == "product.variant.update") return read_product_variant_update(p);
  if (operation == "customer.update") return read_customer_update(p);
  if (operation == "customer.add") return read_customer_add(p);
  return http::internal_error();  // the router names only the operations above
}

}  // namespace cartgate::api
