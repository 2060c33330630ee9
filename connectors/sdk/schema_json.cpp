// Boost.JSON conversions for schema v1. Writers emit every schema field (optional ones as null)
// so the JSON shape is the same for every platform; readers are strict and never throw.
#include <string>

#include "json_reader.hpp"

namespace cartgate {

namespace json = boost::json;
using boost::system::error_code;
using boost::system::result;

namespace {

class SchemaCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "cartgate.schema"; }
  std::string message(int ev) const override {
    switch (static_cast<schema_errc>(ev)) {
      case schema_errc::not_an_object:
        return "expected a JSON object";
      case schema_errc::missing_field:
        return "a required field is missing";
      case schema_errc::wrong_type:
        return "a field has the wrong JSON type";
      case schema_errc::unknown_enum_value:
        return "a field has a value outside its enum";
      case schema_errc::invalid_money:
        return "money amount does not match its currency";
      case schema_errc::invalid_timestamp:
        return "timestamp is not RFC 3339";
      case schema_errc::invalid_currency:
        return "currency is not an ISO 4217 code";
    }
    return "unknown schema error";
  }
};

using detail::finish;
using detail::to_json;
using Reader = detail::JsonReader;

void put_header(json::object& o, const EntityHeader& h) {
  const json::storage_ptr& sp = o.storage();
  o["id"] = h.id;
  o["store_id"] = h.store_id;
  o["platform"] = h.platform;
  o["created_at"] = to_json(h.created_at, sp);
  o["updated_at"] = to_json(h.updated_at, sp);
}

void read_header(Reader& r, EntityHeader& h) {
  r.required("id", h.id);
  r.required("store_id", h.store_id);
  r.required("platform", h.platform);
  r.required("created_at", h.created_at);
  r.required("updated_at", h.updated_at);
}

}  // namespace

const boost::system::error_category& schema_category() noexcept {
  static const SchemaCategory category;
  return category;
}

// ---- Money -------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Money& m) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"amount", format_amount(m)}, {"currency", m.currency}}, sp);
}
result<Money> tag_invoke(json::try_value_to_tag<Money>, const json::value& jv) {
  Reader r(jv);
  std::string amount, currency;
  r.required("amount", amount);
  r.required("currency", currency);
  if (r.error()) return r.error();
  if (!is_currency_code(currency)) return error_code(schema_errc::invalid_currency);
  auto m = parse_money(amount, currency);
  // Normalized money carries exactly the currency's minor-unit digits; re-formatting
  // must give back the same text.
  if (!m || format_amount(*m) != amount) return error_code(schema_errc::invalid_money);
  return *m;
}

// ---- Address, Identity -------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Address& a) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"first_name", to_json(a.first_name, sp)},
                     {"last_name", to_json(a.last_name, sp)},
                     {"company", to_json(a.company, sp)},
                     {"address1", to_json(a.address1, sp)},
                     {"address2", to_json(a.address2, sp)},
                     {"city", to_json(a.city, sp)},
                     {"region", to_json(a.region, sp)},
                     {"region_code", to_json(a.region_code, sp)},
                     {"postal_code", to_json(a.postal_code, sp)},
                     {"country_code", to_json(a.country_code, sp)},
                     {"phone", to_json(a.phone, sp)}},
                    sp);
}
result<Address> tag_invoke(json::try_value_to_tag<Address>, const json::value& jv) {
  Reader r(jv);
  Address a;
  r.optional("first_name", a.first_name);
  r.optional("last_name", a.last_name);
  r.optional("company", a.company);
  r.optional("address1", a.address1);
  r.optional("address2", a.address2);
  r.optional("city", a.city);
  r.optional("region", a.region);
  r.optional("region_code", a.region_code);
  r.optional("postal_code", a.postal_code);
  r.optional("country_code", a.country_code);
  r.optional("phone", a.phone);
  return finish(r, std::move(a));
}

void tag_invoke(json::value_from_tag, json::value& jv, const Identity& i) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"email", to_json(i.email, sp)},
                     {"customer_id", to_json(i.customer_id, sp)},
                     {"guest", i.guest}},
                    sp);
}
result<Identity> tag_invoke(json::try_value_to_tag<Identity>, const json::value& jv) {
  Reader r(jv);
  Identity i;
  r.optional("email", i.email);
  r.optional("customer_id", i.customer_id);
  r.required("guest", i.guest);
  return finish(r, std::move(i));
}

// ---- LineItem ----------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const LineItem& l) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"id", l.id},
                     {"product_id", to_json(l.product_id, sp)},
                     {"variant_id", to_json(l.variant_id, sp)},
                     {"sku", to_json(l.sku, sp)},
                     {"name", l.name},
                     {"quantity", l.quantity},
                     {"unit_price", to_json(l.unit_price, sp)},
                     {"subtotal", to_json(l.subtotal, sp)},
                     {"discount", to_json(l.discount, sp)},
                     {"tax", to_json(l.tax, sp)},
                     {"total", to_json(l.total, sp)}},
                    sp);
}
result<LineItem> tag_invoke(json::try_value_to_tag<LineItem>, const json::value& jv) {
  Reader r(jv);
  LineItem l;
  r.required("id", l.id);
  r.optional("product_id", l.product_id);
  r.optional("variant_id", l.variant_id);
  r.optional("sku", l.sku);
  r.required("name", l.name);
  r.required("quantity", l.quantity);
  r.required("unit_price", l.unit_price);
  r.required("subtotal", l.subtotal);
  r.required("discount", l.discount);
  r.required("tax", l.tax);
  r.required("total", l.total);
  return finish(r, std::move(l));
}

// ---- Order -------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const OrderTotals& t) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"subtotal", to_json(t.subtotal, sp)},
                     {"discount", to_json(t.discount, sp)},
                     {"shipping", to_json(t.shipping, sp)},
                     {"tax", to_json(t.tax, sp)},
                     {"total", to_json(t.total, sp)},
                     {"refunded", to_json(t.refunded, sp)}},
                    sp);
}
result<OrderTotals> tag_invoke(json::try_value_to_tag<OrderTotals>, const json::value& jv) {
  Reader r(jv);
  OrderTotals t;
  r.required("subtotal", t.subtotal);
  r.required("discount", t.discount);
  r.required("shipping", t.shipping);
  r.required("tax", t.tax);
  r.required("total", t.total);
  r.required("refunded", t.refunded);
  return finish(r, std::move(t));
}

void tag_invoke(json::value_from_tag, json::value& jv, const Order& o) {
  const json::storage_ptr sp = jv.storage();
  json::object obj(sp);
  obj.reserve(17);
  put_header(obj, o);
  obj["number"] = o.number;
  obj["status"] = to_json(o.status, sp);
  obj["native_status"] = o.native_status;
  obj["financial_status"] = to_json(o.financial_status, sp);
  obj["fulfillment_status"] = to_json(o.fulfillment_status, sp);
  obj["currency"] = o.currency;
  obj["totals"] = to_json(o.totals, sp);
  obj["identity"] = to_json(o.identity, sp);
  obj["billing_address"] = to_json(o.billing_address, sp);
  obj["shipping_address"] = to_json(o.shipping_address, sp);
  obj["line_items"] = to_json(o.line_items, sp);
  obj["cancelled_at"] = to_json(o.cancelled_at, sp);
  jv = std::move(obj);
}
result<Order> tag_invoke(json::try_value_to_tag<Order>, const json::value& jv) {
  Reader r(jv);
  Order o;
  read_header(r, o);
  r.required("number", o.number);
  r.required("status", o.status);
  r.required("native_status", o.native_status);
  r.optional("financial_status", o.financial_status);
  r.optional("fulfillment_status", o.fulfillment_status);
  r.required("currency", o.currency);
  r.required("totals", o.totals);
  r.required("identity", o.identity);
  r.optional("billing_address", o.billing_address);
  r.optional("shipping_address", o.shipping_address);
  r.required("line_items", o.line_items);
  r.optional("cancelled_at", o.cancelled_at);
  return finish(r, std::move(o));
}

// ---- Customer ----------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Customer& c) {
  const json::storage_ptr sp = jv.storage();
  json::object obj(sp);
  obj.reserve(11);
  put_header(obj, c);
  obj["email"] = to_json(c.email, sp);
  obj["first_name"] = to_json(c.first_name, sp);
  obj["last_name"] = to_json(c.last_name, sp);
  obj["phone"] = to_json(c.phone, sp);
  obj["default_address"] = to_json(c.default_address, sp);
  obj["addresses"] = to_json(c.addresses, sp);
  jv = std::move(obj);
}
result<Customer> tag_invoke(json::try_value_to_tag<Customer>, const json::value& jv) {
  Reader r(jv);
  Customer c;
  read_header(r, c);
  r.optional("email", c.email);
  r.optional("first_name", c.first_name);
  r.optional("last_name", c.last_name);
  r.optional("phone", c.phone);
  r.optional("default_address", c.default_address);
  r.required("addresses", c.addresses);
  return finish(r, std::move(c));
}

// ---- Product -----------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const ProductVariant& v) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"id", v.id},
                     {"sku", to_json(v.sku, sp)},
                     {"name", v.name},
                     {"price", to_json(v.price, sp)},
                     {"inventory_quantity", to_json(v.inventory_quantity, sp)}},
                    sp);
}
result<ProductVariant> tag_invoke(json::try_value_to_tag<ProductVariant>, const json::value& jv) {
  Reader r(jv);
  ProductVariant v;
  r.required("id", v.id);
  r.optional("sku", v.sku);
  r.required("name", v.name);
  r.optional("price", v.price);
  r.optional("inventory_quantity", v.inventory_quantity);
  return finish(r, std::move(v));
}

void tag_invoke(json::value_from_tag, json::value& jv, const Product& p) {
  const json::storage_ptr sp = jv.storage();
  json::object obj(sp);
  obj.reserve(11);
  put_header(obj, p);
  obj["name"] = p.name;
  obj["sku"] = to_json(p.sku, sp);
  obj["status"] = to_json(p.status, sp);
  obj["native_status"] = p.native_status;
  obj["price"] = to_json(p.price, sp);
  obj["variants"] = to_json(p.variants, sp);
  jv = std::move(obj);
}
result<Product> tag_invoke(json::try_value_to_tag<Product>, const json::value& jv) {
  Reader r(jv);
  Product p;
  read_header(r, p);
  r.required("name", p.name);
  r.optional("sku", p.sku);
  r.required("status", p.status);
  r.required("native_status", p.native_status);
  r.optional("price", p.price);
  r.required("variants", p.variants);
  return finish(r, std::move(p));
}

// ---- Cart --------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const CartTotals& t) {
  const json::storage_ptr sp = jv.storage();
  jv = json::object({{"subtotal", to_json(t.subtotal, sp)},
                     {"discount", to_json(t.discount, sp)},
                     {"tax", to_json(t.tax, sp)},
                     {"total", to_json(t.total, sp)}},
                    sp);
}
result<CartTotals> tag_invoke(json::try_value_to_tag<CartTotals>, const json::value& jv) {
  Reader r(jv);
  CartTotals t;
  r.required("subtotal", t.subtotal);
  r.required("discount", t.discount);
  r.required("tax", t.tax);
  r.required("total", t.total);
  return finish(r, std::move(t));
}

void tag_invoke(json::value_from_tag, json::value& jv, const Cart& c) {
  const json::storage_ptr sp = jv.storage();
  json::object obj(sp);
  obj.reserve(12);
  put_header(obj, c);
  obj["status"] = to_json(c.status, sp);
  obj["currency"] = c.currency;
  obj["totals"] = to_json(c.totals, sp);
  obj["identity"] = to_json(c.identity, sp);
  obj["line_items"] = to_json(c.line_items, sp);
  obj["converted_order_id"] = to_json(c.converted_order_id, sp);
  obj["checkout_url"] = to_json(c.checkout_url, sp);
  jv = std::move(obj);
}
result<Cart> tag_invoke(json::try_value_to_tag<Cart>, const json::value& jv) {
  Reader r(jv);
  Cart c;
  read_header(r, c);
  r.required("status", c.status);
  r.required("currency", c.currency);
  r.optional("totals", c.totals);
  r.required("identity", c.identity);
  r.required("line_items", c.line_items);
  r.optional("converted_order_id", c.converted_order_id);
  r.optional("checkout_url", c.checkout_url);
  return finish(r, std::move(c));
}

// ---- Event -------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Event& e) {
  const json::storage_ptr sp = jv.storage();
  json::object obj(sp);
  obj.reserve(9);
  obj["id"] = e.id;
  obj["type"] = to_json(e.type, sp);
  obj["store_id"] = e.store_id;
  obj["platform"] = e.platform;
  obj["occurred_at"] = to_json(e.occurred_at, sp);
  obj["received_at"] = to_json(e.received_at, sp);
  obj["source"] = to_json(e.source, sp);
  obj["identity"] = to_json(e.identity, sp);
  obj["data"] =
      std::visit([&](const auto& entity) { return json::value_from(entity, sp); }, e.data);
  jv = std::move(obj);
}
result<Event> tag_invoke(json::try_value_to_tag<Event>, const json::value& jv) {
  Reader r(jv);
  Event e;
  r.required("id", e.id);
  r.required("type", e.type);
  r.required("store_id", e.store_id);
  r.required("platform", e.platform);
  r.required("occurred_at", e.occurred_at);
  r.required("received_at", e.received_at);
  r.required("source", e.source);
  r.required("identity", e.identity);
  if (r.error()) return r.error();

  const json::value* data = jv.as_object().if_contains("data");
  if (data == nullptr) return error_code(schema_errc::missing_field);
  const auto take = [&e](auto parsed) -> error_code {
    if (!parsed) return parsed.error();
    e.data = std::move(*parsed);
    return {};
  };
  error_code ec;
  switch (entity_of(e.type)) {
    case Entity::order:
      ec = take(json::try_value_to<Order>(*data));
      break;
    case Entity::customer:
      ec = take(json::try_value_to<Customer>(*data));
      break;
    case Entity::product:
      ec = take(json::try_value_to<Product>(*data));
      break;
    case Entity::cart:
      ec = take(json::try_value_to<Cart>(*data));
      break;
  }
  if (ec) return ec;
  return e;
}

}  // namespace cartgate
