// Magento 2 REST shapes (admin-schema-2.4.8.yaml: sales-data-order-interface,
// customer-data-customer-interface, catalog-data-product-interface, quote-data-cart-interface,
// quote-data-totals-interface; tutorials/orders/order-create-order.md): numeric money, naive UTC
// "YYYY-MM-DD HH:MM:SS" dates, configurable products as a parent line plus a child line.
#include "platforms/magento/mage_render.hpp"

#include <cstdio>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "model/generator.hpp"

namespace sandbox::mage {

namespace json = boost::json;

namespace {

json::value amount(const Store& store, std::int64_t minor) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  std::int64_t scale = 1;
  for (int i = 0; i < digits; ++i)
    scale *= 10;
  if (minor % scale == 0) return minor / scale;
  return static_cast<double>(minor) / static_cast<double>(scale);
}

json::object address(const Address& a, const std::string& type, const std::string& email,
                     std::int64_t parent) {
  return json::object{
      {"address_type", type},
      {"city", a.city},
      {"company", a.company},
      {"country_id", a.country},
      {"email", email},
      {"entity_id", parent * 2 + (type == "billing" ? 0 : 1)},
      {"firstname", a.first_name},
      {"lastname", a.last_name},
      {"parent_id", parent},
      {"postcode", a.postcode},
      {"region", a.region},
      {"region_code", a.region_code},
      {"region_id", 12},
      {"street", a.line2.empty() ? json::array{a.line1} : json::array{a.line1, a.line2}},
      {"telephone", a.phone}};
}

}  // namespace

// "000000003": the order number as Magento formats it.
std::string increment_id(std::int64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(id));
  return buf;
}

std::pair<std::string, std::string> state_and_status(const Order& o) {
  return state_and_status(o.state);
}

std::pair<std::string, std::string> state_and_status(OrderState state) {
  switch (state) {
    case OrderState::pending:
      return {"new", "pending"};
    case OrderState::processing:
      return {"processing", "processing"};
    case OrderState::on_hold:
      return {"holded", "holded"};
    case OrderState::completed:
      return {"complete", "complete"};
    case OrderState::cancelled:
      return {"canceled", "canceled"};
    case OrderState::refunded:
      return {"closed", "closed"};
    case OrderState::failed:
      return {"canceled", "canceled"};  // failed payments end canceled
  }
  return {"new", "pending"};
}

json::object render_order(const Store& store, const Order& o) {
  const auto a = [&](std::int64_t v) { return amount(store, v); };
  auto [state, status] = state_and_status(o);
  if (o.mage_status && o.mage_status->in == o.state) status = o.mage_status->status;
  json::array items;
  for (const auto& l : o.lines) {
    const std::int64_t row = l.unit_price * l.quantity;
    json::object parent{{"item_id", l.id * 2},
                        {"order_id", o.id},
                        {"sku", l.sku},
                        {"name", l.name},
                        {"product_id", l.product_id},
                        {"product_type", l.variant_id ? "configurable" : "simple"},
                        {"qty_ordered", l.quantity},
                        {"qty_shipped", l.shipped},
                        {"qty_refunded", o.state == OrderState::refunded ? l.quantity : 0},
                        {"price", a(l.unit_price)},
                        {"base_price", a(l.unit_price)},
                        {"original_price", a(l.unit_price)},
                        {"row_total", a(row)},
                        {"base_row_total", a(row)},
                        {"tax_amount", a(l.tax)},
                        {"discount_amount", a(l.discount)},
                        {"created_at", sql_datetime(o.created)},
                        {"updated_at", sql_datetime(o.updated)}};
    items.push_back(std::move(parent));
    if (l.variant_id) {
      // The simple product behind a configurable one: a child line with a zero price.
      items.push_back(json::object{{"item_id", l.id * 2 + 1},
                                   {"order_id", o.id},
                                   {"parent_item_id", l.id * 2},
                                   {"sku", l.sku},
                                   {"name", l.name},
                                   {"product_id", l.variant_id},
                                   {"product_type", "simple"},
                                   {"qty_ordered", l.quantity},
                                   {"price", 0},
                                   {"base_price", 0},
                                   {"row_total", 0},
                                   {"base_row_total", 0},
                                   {"tax_amount", 0},
                                   {"discount_amount", 0},
                                   {"created_at", sql_datetime(o.created)},
                                   {"updated_at", sql_datetime(o.updated)}});
    }
  }
  json::object out{
      {"entity_id", o.id},
      {"increment_id", increment_id(o.id)},
      {"state", state},
      {"status", status},
      {"created_at", sql_datetime(o.created)},
      {"updated_at", sql_datetime(o.updated)},
      {"customer_email", o.email},
      {"customer_firstname", o.billing.first_name},
      {"customer_lastname", o.billing.last_name},
      {"customer_is_guest", o.customer_id == 0 ? 1 : 0},
      {"customer_group_id", o.customer_id == 0 ? 0 : 1},
      {"order_currency_code", o.currency},
      {"base_currency_code", store.currency},
      {"global_currency_code", store.currency},
      {"store_currency_code", store.currency},
      {"grand_total", a(o.total())},
      {"base_grand_total", a(o.total())},
      {"subtotal", a(o.subtotal())},
      {"base_subtotal", a(o.subtotal())},
      {"tax_amount", a(o.line_tax() + o.shipping_tax)},
      {"base_tax_amount", a(o.line_tax() + o.shipping_tax)},
      {"shipping_amount", a(o.shipping_total)},
      {"base_shipping_amount", a(o.shipping_total)},
      {"shipping_tax_amount", a(o.shipping_tax)},
      {"discount_amount", a(-o.discount())},  // discounts are negative in Magento
      {"base_discount_amount", a(-o.discount())},
      {"total_qty_ordered", o.quantity()},
      {"total_paid", a(o.paid ? o.total() : 0)},
      {"total_refunded", a(o.refunded)},
      {"store_id", 1},
      {"items", std::move(items)},
      {"billing_address", address(o.billing, "billing", o.email, o.id)},
      {"payment", json::object{{"method", o.paid ? "checkmo" : "banktransfer"},
                               {"amount_ordered", a(o.total())},
                               {"amount_paid", a(o.paid ? o.total() : 0)}}},
      {"status_histories", json::array{}},
      {"extension_attributes",
       json::object{
           {"shipping_assignments",
            json::array{json::object{
                {"shipping",
                 json::object{{"address", address(o.shipping, "shipping", o.email, o.id)},
                              {"method", o.shipping_total ? "flatrate_flatrate"
                                                          : "freeshipping_freeshipping"},
                              {"total", json::object{{"shipping_amount", a(o.shipping_total)},
                                                     {"shipping_tax_amount", a(o.shipping_tax)}}}}},
                {"items", json::array{}}}}}}}};
  if (o.customer_id != 0) out["customer_id"] = o.customer_id;  // guests have none
  if (!o.coupon.empty()) out["coupon_code"] = o.coupon;
  // getStatusHistories(): newest first; the customer's checkout note is the oldest.
  json::array histories;
  for (auto it = o.notes.rbegin(); it != o.notes.rend(); ++it) {
    json::object h{{"comment", it->text},
                   {"created_at", sql_datetime(it->created)},
                   {"entity_id", it->id},
                   {"entity_name", "order"},
                   {"is_customer_notified", it->customer_note ? 1 : 0},
                   {"is_visible_on_front", it->visible_on_front ? 1 : 0},
                   {"parent_id", o.id}};
    if (!it->status.empty()) h["status"] = it->status;
    histories.push_back(std::move(h));
  }
  if (!o.note.empty()) {
    histories.push_back(json::object{{"comment", o.note},
                                     {"created_at", sql_datetime(o.created)},
                                     {"entity_name", "order"},
                                     {"is_customer_notified", 0},
                                     {"parent_id", o.id},
                                     {"status", state_and_status(o).second}});
  }
  out["status_histories"] = std::move(histories);
  // A status emptied by a comment without one is NULL in sales_order: the answer leaves it out.
  if (status.empty()) out.erase("status");
  if (o.hold_before && o.state == OrderState::on_hold) {
    const auto [before_state, before_status] = state_and_status(*o.hold_before);
    out["hold_before_state"] = before_state;
    out["hold_before_status"] = before_status;
  }
  return out;
}

json::object render_customer(const Store& store, const Customer& c) {
  (void)store;
  const Address& a = c.billing;
  json::object o{
      {"id", c.id},
      {"group_id", 1},
      {"created_at", sql_datetime(c.created)},
      {"updated_at", sql_datetime(c.updated)},
      {"created_in", "Default Store View"},
      {"email", c.email},
      {"firstname", c.first_name},
      {"lastname", c.last_name},
      {"store_id", 1},
      {"website_id", 1},
      {"addresses", json::array{}},
      {"disable_auto_group_change", 0},
      {"extension_attributes", json::object{{"is_subscribed", c.email_marketing == "subscribed"}}}};
  // A customer made without an address has none, and no default to name.
  if (a.line1.empty()) return o;
  json::array street{a.line1};
  if (!a.line2.empty()) street.emplace_back(a.line2);
  o["default_billing"] = std::to_string(c.id);
  o["default_shipping"] = std::to_string(c.id);
  o["addresses"] = json::array{json::object{
      {"id", c.id},
      {"customer_id", c.id},
      {"region",
       json::object{{"region_code", a.region_code}, {"region", a.region}, {"region_id", 12}}},
      {"region_id", 12},
      {"country_id", a.country},
      {"street", std::move(street)},
      {"company", a.company},
      {"telephone", a.phone},
      {"postcode", a.postcode},
      {"city", a.city},
      {"firstname", a.first_name},
      {"lastname", a.last_name},
      {"default_shipping", true},
      {"default_billing", true}}};
  return o;
}

json::object render_product(const Store& store, const Product& p) {
  // On sale, the price attribute is the price struck through and special_price what customers
  // pay; EAV decimals come back as text with six decimals (DECIMAL(20,6)).
  json::array attributes{
      json::object{{"attribute_code", "url_key"}, {"value", "product-" + std::to_string(p.id)}}};
  if (p.compare_at) {
    attributes.push_back(json::object{
        {"attribute_code", "special_price"},
        {"value", decimal_rescaled(p.price, cartgate::minor_unit_digits(store.currency), 6)}});
  }
  return json::object{
      {"id", p.id},
      {"sku", p.sku},
      {"name", p.name},
      {"attribute_set_id", 4},
      {"price", amount(store, p.compare_at.value_or(p.price))},
      {"status", p.status == ProductStatus::active ? 1 : 2},
      {"visibility", p.status == ProductStatus::archived ? 1 : 4},
      {"type_id", p.variants.empty() ? "simple" : "configurable"},
      {"created_at", sql_datetime(p.created)},
      {"updated_at", sql_datetime(p.updated)},
      {"weight", 1},
      {"extension_attributes",
       json::object{{"website_ids", json::array{1}},
                    {"stock_item", json::object{{"item_id", p.id},
                                                {"product_id", p.id},
                                                {"stock_id", 1},
                                                {"qty", p.stock},
                                                {"is_in_stock", p.stock > 0},
                                                {"manage_stock", p.manage_stock}}}}},
      {"product_links", json::array{}},
      {"options", json::array{}},
      {"media_gallery_entries", json::array{}},
      {"tier_prices", json::array{}},
      {"custom_attributes", std::move(attributes)}};
}

json::object render_cart(const Store& store, const Cart& c) {
  json::array items;
  std::int64_t qty = 0;
  for (const auto& l : c.lines) {
    qty += l.quantity;
    items.push_back(json::object{{"item_id", l.id},
                                 {"sku", l.sku},
                                 {"qty", l.quantity},
                                 {"name", l.name},
                                 {"price", amount(store, l.unit_price)},
                                 {"product_type", l.variant_id ? "configurable" : "simple"},
                                 {"quote_id", c.id}});
  }
  const bool guest = c.customer_id == 0;
  json::object customer{{"email", guest ? json::value(nullptr) : json::value(c.email)},
                        {"firstname", nullptr},
                        {"lastname", nullptr}};
  if (!guest) customer["id"] = c.customer_id;
  json::object out{{"id", std::stoll(c.id)},
                   {"created_at", sql_datetime(c.created)},
                   {"updated_at", sql_datetime(c.updated)},
                   {"is_active", c.state != CartState::converted},
                   {"is_virtual", false},
                   {"items", std::move(items)},
                   {"items_count", static_cast<std::int64_t>(c.lines.size())},
                   {"items_qty", qty},
                   {"customer", std::move(customer)},
                   {"billing_address", json::object{{"email", c.email}}},
                   {"orig_order_id", 0},
                   {"currency", json::object{{"global_currency_code", store.currency},
                                             {"base_currency_code", store.currency},
                                             {"store_currency_code", store.currency},
                                             {"quote_currency_code", store.currency},
                                             {"store_to_base_rate", 0},
                                             {"store_to_quote_rate", 0},
                                             {"base_to_global_rate", 1},
                                             {"base_to_quote_rate", 1}}},
                   {"customer_is_guest", guest},
                   {"customer_note_notify", true},
                   {"customer_tax_class_id", 3},
                   {"store_id", 1}};
  if (c.state == CartState::converted) {
    out["reserved_order_id"] = std::to_string(c.order_id);
    out["converted_at"] = sql_datetime(c.updated);
  }
  return out;
}

// As CartTotalRepository::get(): the address totals, with grand_total then overwritten by
// grand_total − tax_amount; the taxed grand total survives only in the "grand_total" segment.
json::object render_totals(const Store& store, const Cart& c) {
  const int tax_bp = cart_tax_basis_points(store, c);
  json::array items;
  std::int64_t subtotal = 0, qty = 0, tax = 0;
  for (const auto& l : c.lines) {
    const std::int64_t row_tax = l.unit_price * l.quantity * tax_bp / 10000;
    subtotal += l.unit_price * l.quantity;
    qty += l.quantity;
    tax += row_tax;
    items.push_back(json::object{{"item_id", l.id},
                                 {"price", amount(store, l.unit_price)},
                                 {"base_price", amount(store, l.unit_price)},
                                 {"qty", l.quantity},
                                 {"row_total", amount(store, l.unit_price * l.quantity)},
                                 {"base_row_total", amount(store, l.unit_price * l.quantity)},
                                 {"tax_amount", amount(store, row_tax)},
                                 {"tax_percent", static_cast<double>(tax_bp) / 100},
                                 {"discount_amount", 0},
                                 {"name", l.name}});
  }
  const std::int64_t grand_total = subtotal + tax;
  return json::object{
      {"grand_total", amount(store, grand_total - tax)},
      {"base_grand_total", amount(store, grand_total)},
      {"subtotal", amount(store, subtotal)},
      {"base_subtotal", amount(store, subtotal)},
      {"discount_amount", 0},
      {"base_discount_amount", 0},
      {"subtotal_with_discount", amount(store, subtotal)},
      {"shipping_amount", 0},
      {"tax_amount", amount(store, tax)},
      {"base_tax_amount", amount(store, tax)},
      {"quote_currency_code", store.currency},
      {"base_currency_code", store.currency},
      {"items_qty", qty},
      {"items", std::move(items)},
      {"total_segments",
       json::array{
           json::object{
               {"code", "subtotal"}, {"title", "Subtotal"}, {"value", amount(store, subtotal)}},
           json::object{{"code", "tax"}, {"title", "Tax"}, {"value", amount(store, tax)}},
           json::object{{"code", "grand_total"},
                        {"title", "Grand Total"},
                        {"value", amount(store, grand_total)}}}}};
}

}  // namespace sandbox::mage
