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

// An object whose members are built in its own storage and moved into place. An initializer
// list of value_refs would copy every member, and a nested object once per level above it:
// that copying was most of the cost of mapping a page of orders.
class Members {
 public:
  Members(const json::storage_ptr& sp, std::size_t count) : object_(sp) { object_.reserve(count); }
  Members& put(std::string_view key, json::value&& v) {
    object_.emplace(key, std::move(v));
    return *this;
  }
  Members& put(std::string_view key, std::string_view text) {
    object_.emplace(key, text);
    return *this;
  }
  template <class T>
  Members& put(std::string_view key, const T& v) {
    return put(key, to_json(v, object_.storage()));
  }
  json::object& object() { return object_; }

 private:
  json::object object_;
};

void put_header(Members& m, const EntityHeader& h) {
  m.put("id", std::string_view(h.id))
      .put("store_id", std::string_view(h.store_id))
      .put("platform", std::string_view(h.platform))
      .put("created_at", h.created_at)
      .put("updated_at", h.updated_at);
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
  Members out(sp, 2);
  out.put("amount", format_amount(m));
  out.put("currency", m.currency);
  jv = std::move(out.object());
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
  Members out(sp, 11);
  out.put("first_name", a.first_name);
  out.put("last_name", a.last_name);
  out.put("company", a.company);
  out.put("address1", a.address1);
  out.put("address2", a.address2);
  out.put("city", a.city);
  out.put("region", a.region);
  out.put("region_code", a.region_code);
  out.put("postal_code", a.postal_code);
  out.put("country_code", a.country_code);
  out.put("phone", a.phone);
  jv = std::move(out.object());
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
  Members out(sp, 3);
  out.put("email", i.email);
  out.put("customer_id", i.customer_id);
  out.put("guest", i.guest);
  jv = std::move(out.object());
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
  Members out(sp, 11);
  out.put("id", l.id);
  out.put("product_id", l.product_id);
  out.put("variant_id", l.variant_id);
  out.put("sku", l.sku);
  out.put("name", l.name);
  out.put("quantity", l.quantity);
  out.put("unit_price", l.unit_price);
  out.put("subtotal", l.subtotal);
  out.put("discount", l.discount);
  out.put("tax", l.tax);
  out.put("total", l.total);
  jv = std::move(out.object());
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
  Members out(sp, 6);
  out.put("subtotal", t.subtotal);
  out.put("discount", t.discount);
  out.put("shipping", t.shipping);
  out.put("tax", t.tax);
  out.put("total", t.total);
  out.put("refunded", t.refunded);
  jv = std::move(out.object());
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
  Members out(sp, 17);
  put_header(out, o);
  out.put("number", o.number);
  out.put("status", o.status);
  out.put("native_status", o.native_status);
  out.put("financial_status", o.financial_status);
  out.put("fulfillment_status", o.fulfillment_status);
  out.put("currency", o.currency);
  out.put("totals", o.totals);
  out.put("identity", o.identity);
  out.put("billing_address", o.billing_address);
  out.put("shipping_address", o.shipping_address);
  out.put("line_items", o.line_items);
  out.put("cancelled_at", o.cancelled_at);
  jv = std::move(out.object());
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
  Members out(sp, 11);
  put_header(out, c);
  out.put("email", c.email);
  out.put("first_name", c.first_name);
  out.put("last_name", c.last_name);
  out.put("phone", c.phone);
  out.put("default_address", c.default_address);
  out.put("addresses", c.addresses);
  jv = std::move(out.object());
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
  Members out(sp, 5);
  out.put("id", v.id);
  out.put("sku", v.sku);
  out.put("name", v.name);
  out.put("price", v.price);
  out.put("inventory_quantity", v.inventory_quantity);
  jv = std::move(out.object());
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
  Members out(sp, 11);
  put_header(out, p);
  out.put("name", p.name);
  out.put("sku", p.sku);
  out.put("status", p.status);
  out.put("native_status", p.native_status);
  out.put("price", p.price);
  out.put("variants", p.variants);
  jv = std::move(out.object());
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
  Members out(sp, 4);
  out.put("subtotal", t.subtotal);
  out.put("discount", t.discount);
  out.put("tax", t.tax);
  out.put("total", t.total);
  jv = std::move(out.object());
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
  Members out(sp, 12);
  put_header(out, c);
  out.put("status", c.status);
  out.put("currency", c.currency);
  out.put("totals", c.totals);
  out.put("identity", c.identity);
  out.put("line_items", c.line_items);
  out.put("converted_order_id", c.converted_order_id);
  out.put("checkout_url", c.checkout_url);
  jv = std::move(out.object());
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
  Members out(sp, 9);
  out.put("id", e.id);
  out.put("type", e.type);
  out.put("store_id", e.store_id);
  out.put("platform", e.platform);
  out.put("occurred_at", e.occurred_at);
  out.put("received_at", e.received_at);
  out.put("source", e.source);
  out.put("identity", e.identity);
  out.put("data",
          std::visit([&](const auto& entity) { return json::value_from(entity, sp); }, e.data));
  jv = std::move(out.object());
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
