// BigCommerce shapes (bigcommerce/docs reference/orders.v2.oas2.yml, customers.v3.yml,
// catalog/products_catalog.v3.yml, carts.v3.yml, webhooks.v3.yml): v2 money as strings with
// four decimals and RFC 2822 dates; v3 money as numbers and ISO 8601 dates.
#include "platforms/bigcommerce/bc_render.hpp"

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "model/rng.hpp"

namespace sandbox::bc {

namespace json = boost::json;

namespace {

struct StatusRow {
  int id;
  const char* name;
};

constexpr StatusRow kStatuses[] = {{0, "Incomplete"},
                                   {1, "Pending"},
                                   {2, "Shipped"},
                                   {3, "Partially Shipped"},
                                   {4, "Refunded"},
                                   {5, "Cancelled"},
                                   {6, "Declined"},
                                   {7, "Awaiting Payment"},
                                   {8, "Awaiting Pickup"},
                                   {9, "Awaiting Shipment"},
                                   {10, "Completed"},
                                   {11, "Awaiting Fulfillment"},
                                   {12, "Manual Verification Required"},
                                   {13, "Disputed"},
                                   {14, "Partially Refunded"}};

std::string country_name(const std::string& iso2) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"US", "United States"}, {"DE", "Germany"},        {"FR", "France"}, {"JP", "Japan"},
      {"BR", "Brazil"},        {"GB", "United Kingdom"}, {"KW", "Kuwait"}};
  for (const auto& [code, name] : kNames) {
    if (iso2 == code) return name;
  }
  return iso2;
}

json::object link(const Store& store, const std::string& base, const std::string& resource) {
  return json::object{{"url", base + "/stores/" + store.id + "/v2" + resource},
                      {"resource", resource}};
}

}  // namespace

OrderState state_of_status(int id) {
  switch (id) {
    case 2:   // Shipped
    case 10:  // Completed
    case 14:  // Partially Refunded
      return OrderState::completed;
    case 3:   // Partially Shipped
    case 8:   // Awaiting Pickup
    case 9:   // Awaiting Shipment
    case 11:  // Awaiting Fulfillment
      return OrderState::processing;
    case 4:
      return OrderState::refunded;
    case 5:
      return OrderState::cancelled;
    case 6:  // Declined
      return OrderState::failed;
    case 12:  // Manual Verification Required
    case 13:  // Disputed
      return OrderState::on_hold;
    default:  // 0 Incomplete, 1 Pending, 7 Awaiting Payment
      return OrderState::pending;
  }
}

int status_id(const Order& o) {
  if (o.bc_status_id >= 0 && state_of_status(o.bc_status_id) == o.state) return o.bc_status_id;
  switch (o.state) {
    case OrderState::pending:
      return 7;  // Awaiting Payment
    case OrderState::processing:
      return o.fulfilled_quantity > 0 ? 3 : 11;  // Partially Shipped / Awaiting Fulfillment
    case OrderState::on_hold:
      return 12;  // Manual Verification Required
    case OrderState::completed:
      return o.refunded > 0 ? 14 : 10;
    case OrderState::cancelled:
      return 5;
    case OrderState::refunded:
      return 4;
    case OrderState::failed:
      return 6;  // Declined
  }
  return 0;
}

std::string status_name(int id) {
  for (const auto& row : kStatuses) {
    if (row.id == id) return row.name;
  }
  return "Incomplete";
}

json::array order_statuses() {
  json::array out;
  int order = 0;
  for (const auto& row : kStatuses) {
    out.push_back(json::object{{"id", row.id},
                               {"name", row.name},
                               {"system_label", row.name},
                               {"custom_label", row.name},
                               {"system_description", ""},
                               {"order", order++}});
  }
  return out;
}

std::string money4(const Store& store, std::int64_t minor) {
  return decimal_rescaled(minor, cartgate::minor_unit_digits(store.currency), 4);
}

json::value money_number(const Store& store, std::int64_t minor) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  std::int64_t scale = 1;
  for (int i = 0; i < digits; ++i)
    scale *= 10;
  if (minor % scale == 0) return minor / scale;
  return static_cast<double>(minor) / static_cast<double>(scale);
}

json::object render_order(const Store& store, const Order& o, const std::string& base) {
  const auto m = [&](std::int64_t v) { return money4(store, v); };
  const std::int64_t subtotal_ex = o.subtotal();
  const std::int64_t subtotal_inc = o.subtotal() + o.line_tax();
  const std::string res = "/orders/" + std::to_string(o.id);
  json::object billing{{"first_name", o.billing.first_name},
                       {"last_name", o.billing.last_name},
                       {"company", o.billing.company},
                       {"street_1", o.billing.line1},
                       {"street_2", o.billing.line2},
                       {"city", o.billing.city},
                       {"state", o.billing.region},
                       {"zip", o.billing.postcode},
                       {"country", country_name(o.billing.country)},
                       {"country_iso2", o.billing.country},
                       {"phone", o.billing.phone},
                       {"email", o.email},
                       {"form_fields", json::array{}}};
  const int sid = status_id(o);
  return json::object{
      {"id", o.id},
      {"customer_id", o.customer_id},
      {"date_created", rfc2822(o.created)},
      {"is_tax_inclusive_pricing", false},
      {"date_modified", rfc2822(o.updated)},
      {"date_shipped", o.completed_at ? rfc2822(*o.completed_at) : std::string()},
      {"status_id", sid},
      {"status", status_name(sid)},
      {"custom_status", status_name(sid)},
      {"subtotal_ex_tax", m(subtotal_ex)},
      {"subtotal_inc_tax", m(subtotal_inc)},
      {"subtotal_tax", m(o.line_tax())},
      {"base_shipping_cost", m(o.shipping_total)},
      {"shipping_cost_ex_tax", m(o.shipping_total)},
      {"shipping_cost_inc_tax", m(o.shipping_total + o.shipping_tax)},
      {"shipping_cost_tax", m(o.shipping_tax)},
      {"shipping_cost_tax_class_id", 2},
      {"base_handling_cost", m(0)},
      {"handling_cost_ex_tax", m(0)},
      {"handling_cost_inc_tax", m(0)},
      {"handling_cost_tax", m(0)},
      {"handling_cost_tax_class_id", 2},
      {"base_wrapping_cost", m(0)},
      {"wrapping_cost_ex_tax", m(0)},
      {"wrapping_cost_inc_tax", m(0)},
      {"wrapping_cost_tax", m(0)},
      {"wrapping_cost_tax_class_id", 3},
      {"total_ex_tax", m(o.total() - o.line_tax() - o.shipping_tax)},
      {"total_inc_tax", m(o.total())},
      {"total_tax", m(o.line_tax() + o.shipping_tax)},
      {"items_total", o.quantity()},
      {"items_shipped", o.fulfilled_quantity},
      {"payment_method", o.paid ? "Credit Card" : "Cash on Delivery"},
      {"payment_provider_id",
       o.paid ? json::value("ch_" + std::to_string(o.id * 104729)) : json::value(nullptr)},
      {"payment_status", o.paid ? "captured" : ""},
      {"refunded_amount", m(o.refunded)},
      {"order_is_digital", false},
      {"store_credit_amount", m(0)},
      {"gift_certificate_amount", m(0)},
      {"ip_address", "203.0.113." + std::to_string(o.id % 250)},
      {"ip_address_v6", ""},
      {"geoip_country", country_name(o.billing.country)},
      {"geoip_country_iso2", o.billing.country},
      {"currency_id", 1},
      {"currency_code", o.currency},
      {"currency_exchange_rate", "1.0000000000"},
      {"default_currency_id", 1},
      {"default_currency_code", o.currency},
      {"store_default_currency_code", store.currency},
      {"store_default_to_transactional_exchange_rate", "1.0000000000"},
      {"staff_notes", o.staff_notes},
      {"customer_message", o.note},
      {"discount_amount", m(0)},
      {"coupon_discount", m(o.discount())},
      {"shipping_address_count", 1},
      {"is_deleted", false},
      {"ebay_order_id", "0"},
      {"cart_id",
       o.cart_id.empty() ? Rng(static_cast<std::uint64_t>(o.id) * 7919).uuid() : o.cart_id},
      {"billing_address", std::move(billing)},
      {"is_email_opt_in", false},
      {"credit_card_type", nullptr},
      {"order_source", "www"},
      {"channel_id", 1},
      {"external_source", nullptr},
      {"external_id", nullptr},
      {"external_merchant_id", nullptr},
      {"tax_provider_id", "BasicTaxProvider"},
      {"customer_locale", "en"},
      {"products", link(store, base, res + "/products")},
      {"shipping_addresses", link(store, base, res + "/shippingaddresses")},
      {"coupons", link(store, base, res + "/coupons")},
  };
}

json::object render_order_product(const Store& store, const Order& o, const Line& l) {
  const auto m = [&](std::int64_t v) { return money4(store, v); };
  const std::int64_t unit_tax = l.quantity ? l.tax / l.quantity : 0;
  json::array discounts;
  if (l.discount > 0) {
    discounts.push_back(json::object{{"id", "coupon"},
                                     {"amount", m(l.discount)},
                                     {"name", o.coupon},
                                     {"code", o.coupon},
                                     {"target", "product"}});
  }
  return json::object{
      {"id", l.id},
      {"order_id", o.id},
      {"product_id", l.product_id},
      {"variant_id", l.variant_id ? l.variant_id : l.product_id * 100},
      {"order_address_id", o.id},
      {"name", l.name},
      {"name_customer", l.name},
      {"name_merchant", l.name},
      {"sku", l.sku},
      {"upc", ""},
      {"type", "physical"},
      {"base_price", m(l.unit_price)},
      {"price_ex_tax", m(l.unit_price)},
      {"price_inc_tax", m(l.unit_price + unit_tax)},
      {"price_tax", m(unit_tax)},
      {"base_total", m(l.unit_price * l.quantity)},
      {"total_ex_tax", m(l.unit_price * l.quantity)},
      {"total_inc_tax", m(l.unit_price * l.quantity + l.tax)},
      {"total_tax", m(l.tax)},
      {"weight", "1.0000"},
      {"quantity", l.quantity},
      {"base_cost_price", m(0)},
      {"cost_price_inc_tax", m(0)},
      {"cost_price_ex_tax", m(0)},
      {"cost_price_tax", m(0)},
      {"is_refunded", o.state == OrderState::refunded},
      {"quantity_refunded", o.state == OrderState::refunded ? l.quantity : 0},
      {"refund_amount", m(o.state == OrderState::refunded ? l.unit_price * l.quantity : 0)},
      {"return_id", 0},
      {"quantity_shipped", l.shipped},
      {"fixed_shipping_cost", m(0)},
      {"is_bundled_product", false},
      {"parent_order_product_id", nullptr},
      {"applied_discounts", std::move(discounts)},
      {"product_options", json::array{}},
      {"configurable_fields", json::array{}},
  };
}

json::object render_shipping_address(const Store& store, const Order& o) {
  const auto m = [&](std::int64_t v) { return money4(store, v); };
  const Address& a = o.shipping;
  return json::object{{"id", o.id},
                      {"order_id", o.id},
                      {"first_name", a.first_name},
                      {"last_name", a.last_name},
                      {"company", a.company},
                      {"street_1", a.line1},
                      {"street_2", a.line2},
                      {"city", a.city},
                      {"zip", a.postcode},
                      {"country", country_name(a.country)},
                      {"country_iso2", a.country},
                      {"state", a.region},
                      {"email", o.email},
                      {"phone", a.phone},
                      {"items_total", o.quantity()},
                      {"items_shipped", o.fulfilled_quantity},
                      {"shipping_method", o.shipping_total ? "Flat Rate" : "Free Shipping"},
                      {"base_cost", m(o.shipping_total)},
                      {"cost_ex_tax", m(o.shipping_total)},
                      {"cost_inc_tax", m(o.shipping_total + o.shipping_tax)},
                      {"cost_tax", m(o.shipping_tax)},
                      {"cost_tax_class_id", 2},
                      {"shipping_zone_id", 1},
                      {"shipping_zone_name", "Worldwide"},
                      {"form_fields", json::array{}}};
}

json::object customer_address(const Customer& c) {
  const Address& a = c.billing;
  return json::object{{"id", c.id},
                      {"address1", a.line1},
                      {"address2", a.line2},
                      {"address_type", "residential"},
                      {"city", a.city},
                      {"company", a.company},
                      {"country", country_name(a.country)},
                      {"country_code", a.country},
                      {"customer_id", c.id},
                      {"first_name", a.first_name},
                      {"last_name", a.last_name},
                      {"phone", a.phone},
                      {"postal_code", a.postcode},
                      {"state_or_province", a.region}};
}

json::object render_customer(const Store& store, const Customer& c, bool with_addresses) {
  (void)store;
  json::object o{
      {"id", c.id},
      {"authentication", json::object{{"force_password_reset", false}}},
      {"company", c.billing.company},
      {"customer_group_id", 0},
      {"email", c.email},
      {"first_name", c.first_name},
      {"last_name", c.last_name},
      {"notes", ""},
      {"phone", c.phone},
      {"registration_ip_address", ""},
      {"tax_exempt_category", ""},
      {"date_created", iso_local(c.created) + "Z"},
      {"date_modified", iso_local(c.updated) + "Z"},
      {"accepts_product_review_abandoned_cart_emails", c.email_marketing == "subscribed"},
      {"origin_channel_id", 1},
      {"channel_ids", nullptr}};
  if (with_addresses) {
    // A customer added without an address has none.
    o["addresses"] = c.billing.line1.empty() ? json::array{} : json::array{customer_address(c)};
  }
  return o;
}

json::object render_product(const Store& store, const Product& p, bool with_variants) {
  json::object o{
      {"id", p.id},
      {"name", p.name},
      {"type", "physical"},
      {"sku", p.sku},
      {"description", "<p>" + p.name + "</p>"},
      {"weight", 1},
      {"width", 0},
      {"depth", 0},
      {"height", 0},
      // On sale, `price` is the one struck through and `sale_price` what a customer pays.
      {"price", money_number(store, p.compare_at.value_or(p.price))},
      {"cost_price", 0},
      {"retail_price", 0},
      {"sale_price", money_number(store, p.compare_at ? p.price : 0)},
      {"map_price", 0},
      {"tax_class_id", 0},
      {"product_tax_code", ""},
      {"calculated_price", money_number(store, p.price)},
      {"categories", json::array{23}},
      {"brand_id", 0},
      {"inventory_level", p.stock},
      {"inventory_warning_level", 0},
      {"inventory_tracking", !p.manage_stock      ? "none"
                             : p.variants.empty() ? "product"
                                                  : "variant"},
      {"total_sold", 0},
      {"is_free_shipping", false},
      {"is_visible", p.status == ProductStatus::active},
      {"is_featured", false},
      {"availability", p.status == ProductStatus::archived ? "disabled" : "available"},
      {"condition", "New"},
      {"date_created", iso_offset(p.created, 0)},
      {"date_modified", iso_offset(p.updated, 0)},
      {"base_variant_id", p.variants.empty() ? json::value(p.id * 100) : json::value(nullptr)},
      {"custom_url",
       json::object{{"url", "/product-" + std::to_string(p.id) + "/"}, {"is_customized", false}}}};
  if (with_variants) {
    json::array variants;
    if (p.variants.empty()) {
      variants.push_back(json::object{{"id", p.id * 100},
                                      {"product_id", p.id},
                                      {"sku", p.sku},
                                      {"price", nullptr},
                                      {"calculated_price", money_number(store, p.price)},
                                      {"inventory_level", p.stock},
                                      {"option_values", json::array{}}});
    }
    for (const auto& v : p.variants) {
      variants.push_back(json::object{
          {"id", v.id},
          {"product_id", p.id},
          {"sku", v.sku},
          // On sale, `price` is struck through; 0 rather than null (null would be the
          // product's sale price).
          {"price", money_number(store, v.compare_at.value_or(v.price))},
          {"sale_price", money_number(store, v.compare_at ? v.price : 0)},
          {"calculated_price", money_number(store, v.price)},
          {"inventory_level", v.stock},
          {"option_values", json::array{json::object{{"id", v.id},
                                                     {"label", v.name},
                                                     {"option_id", 1},
                                                     {"option_display_name", "Colour"}}}}});
    }
    o["variants"] = std::move(variants);
  }
  return o;
}

std::string line_item_id(const Line& l) {
  return Rng(static_cast<std::uint64_t>(l.id) * 104729).uuid();
}

json::object render_cart(const Store& store, const Cart& c) {
  json::array items;
  std::int64_t total = 0;
  for (const auto& l : c.lines) {
    total += l.unit_price * l.quantity;
    items.push_back(
        json::object{{"id", line_item_id(l)},
                     {"parent_id", nullptr},
                     {"variant_id", l.variant_id ? l.variant_id : l.product_id * 100},
                     {"product_id", l.product_id},
                     {"sku", l.sku},
                     {"name", l.name},
                     {"url", "https://store-" + store.id + ".mybigcommerce.com/product-" +
                                 std::to_string(l.product_id) + "/"},
                     {"quantity", l.quantity},
                     {"taxable", true},
                     {"discounts", json::array{}},
                     {"coupons", json::array{}},
                     {"discount_amount", 0},
                     {"coupon_amount", 0},
                     {"original_price", money_number(store, l.unit_price)},
                     {"list_price", money_number(store, l.unit_price)},
                     {"sale_price", money_number(store, l.unit_price)},
                     {"extended_list_price", money_number(store, l.unit_price * l.quantity)},
                     {"extended_sale_price", money_number(store, l.unit_price * l.quantity)},
                     {"is_require_shipping", true},
                     {"is_mutable", true}});
  }
  return json::object{{"id", c.id},
                      {"customer_id", c.customer_id},
                      {"channel_id", 1},
                      {"email", c.email},
                      {"currency", json::object{{"code", store.currency}}},
                      {"tax_included", false},
                      {"base_amount", money_number(store, total)},
                      {"discount_amount", 0},
                      {"manual_discount_amount", 0},
                      {"cart_amount", money_number(store, total)},
                      {"coupons", json::array{}},
                      {"discounts", json::array{}},
                      {"line_items", json::object{{"physical_items", std::move(items)},
                                                  {"digital_items", json::array{}},
                                                  {"gift_certificates", json::array{}},
                                                  {"custom_items", json::array{}}}},
                      {"created_time", iso_local(c.created) + ".000Z"},
                      {"updated_time", iso_local(c.updated) + ".000Z"},
                      {"locale", "en"},
                      {"version", 1}};
}

json::object render_hook(const Store& store, const Subscription& s) {
  json::object headers;
  for (const auto& [k, v] : s.headers)
    headers[k] = v;
  return json::object{{"id", s.id},
                      {"client_id", store.credentials.at("client_id")},
                      {"store_hash", store.id},
                      {"scope", s.topic},
                      {"destination", s.url},
                      {"is_active", s.status == "active"},
                      {"events_history_enabled", false},
                      {"headers", std::move(headers)},
                      {"created_at", s.created.time_since_epoch().count()},
                      {"updated_at", s.updated.time_since_epoch().count()}};
}

}  // namespace sandbox::bc
