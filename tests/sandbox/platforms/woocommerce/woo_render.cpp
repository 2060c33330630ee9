// WooCommerce REST v3 shapes (woocommerce-rest-api-docs, wp-api-v3/_orders.md, _customers.md,
// _products.md, _webhooks.md): integer ids, money as strings with the store's decimals,
// date_* in the site's time zone without offset next to date_*_gmt.
#include "platforms/woocommerce/woo_render.hpp"

#include <boost/json/parse.hpp>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "model/rng.hpp"

namespace sandbox::woo {

namespace json = boost::json;

namespace {

json::object address(const Address& a, const std::string* email) {
  json::object o{{"first_name", a.first_name}, {"last_name", a.last_name}, {"company", a.company},
                 {"address_1", a.line1},       {"address_2", a.line2},     {"city", a.city},
                 {"state", a.region_code},     {"postcode", a.postcode},   {"country", a.country}};
  if (email != nullptr) o["email"] = *email;
  o["phone"] = a.phone;
  return o;
}

json::object links(const Links& l, const std::string& collection, std::int64_t id) {
  const std::string base = l.home_url + "/wp-json/wc/v3/" + collection;
  return json::object{
      {"self", json::array{json::object{{"href", base + "/" + std::to_string(id)}}}},
      {"collection", json::array{json::object{{"href", base}}}}};
}

json::value date_or_null(const std::optional<Time>& t, int offset) {
  return t ? json::value(iso_local(*t, offset)) : json::value(nullptr);
}

// Line item `price` is a PHP float: a JSON number, whole when it can be.
json::value php_float(std::int64_t minor, int digits) {
  std::int64_t scale = 1;
  for (int i = 0; i < digits; ++i)
    scale *= 10;
  if (minor % scale == 0) return minor / scale;
  return static_cast<double>(minor) / static_cast<double>(scale);
}

// meta_data: {id, key, value} each, the value as it was stored (WC_Data::get_meta_data()).
json::array render_meta(const std::vector<MetaEntry>& meta) {
  json::array out;
  for (const auto& m : meta) {
    boost::system::error_code ec;
    json::value value = json::parse(m.value, ec);
    out.push_back(json::object{
        {"id", m.id}, {"key", m.key}, {"value", ec ? json::value(m.value) : std::move(value)}});
  }
  return out;
}

}  // namespace

std::string_view status_name(OrderState s) {
  switch (s) {
    case OrderState::pending:
      return "pending";
    case OrderState::processing:
      return "processing";
    case OrderState::on_hold:
      return "on-hold";
    case OrderState::completed:
      return "completed";
    case OrderState::cancelled:
      return "cancelled";
    case OrderState::refunded:
      return "refunded";
    case OrderState::failed:
      return "failed";
  }
  return "pending";
}

std::optional<OrderState> status_from(std::string_view name) {
  for (auto s :
       {OrderState::pending, OrderState::processing, OrderState::on_hold, OrderState::completed,
        OrderState::cancelled, OrderState::refunded, OrderState::failed}) {
    if (status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view product_status_name(ProductStatus s) {
  switch (s) {
    case ProductStatus::active:
      return "publish";
    case ProductStatus::draft:
      return "draft";
    case ProductStatus::archived:
      return "private";
  }
  return "publish";
}

json::object render_order(const Store& store, const Order& o, const Links& l, int dp) {
  const int off = store.utc_offset_minutes;
  const auto money = [dp](std::int64_t v) { return decimal(v, dp); };
  const int digits = cartgate::minor_unit_digits(o.currency);

  json::array items;
  for (const auto& line : o.lines) {
    const std::int64_t gross = line.unit_price * line.quantity;
    const std::int64_t net = gross - line.discount;
    items.push_back(json::object{
        {"id", line.id},
        {"name", line.name},
        {"product_id", line.product_id},
        {"variation_id", line.variant_id},
        {"quantity", line.quantity},
        {"tax_class", ""},
        {"subtotal", money(gross)},
        {"subtotal_tax", money(line.tax)},
        {"total", money(net)},
        {"total_tax", money(line.tax)},
        {"taxes", json::array{}},
        {"meta_data", json::array{}},
        {"sku", line.sku},
        {"price", php_float(line.quantity ? net / line.quantity : 0, digits)},
    });
  }
  json::array coupons;
  if (!o.coupon.empty()) {
    coupons.push_back(json::object{{"id", o.id * 10 + 1},
                                   {"code", o.coupon},
                                   {"discount", money(o.discount())},
                                   {"discount_tax", money(0)},
                                   {"meta_data", json::array{}}});
  }
  json::array shipping_lines;
  shipping_lines.push_back(
      json::object{{"id", o.id * 10 + 2},
                   {"method_title", o.shipping_total ? "Flat rate" : "Free shipping"},
                   {"method_id", o.shipping_total ? "flat_rate" : "free_shipping"},
                   {"total", money(o.shipping_total)},
                   {"total_tax", money(o.shipping_tax)},
                   {"taxes", json::array{}},
                   {"meta_data", json::array{}}});
  json::array refunds;
  if (o.refunded > 0) {
    refunds.push_back(json::object{
        {"id", o.id * 10 + 3}, {"reason", "Customer request"}, {"total", "-" + money(o.refunded)}});
  }
  return json::object{
      {"id", o.id},
      {"parent_id", 0},
      {"number", o.number},
      {"order_key", "wc_order_" + Rng(static_cast<std::uint64_t>(o.id)).alnum(13)},
      {"created_via", "checkout"},
      {"version", "9.3.3"},
      {"status", status_name(o.state)},
      {"currency", o.currency},
      {"date_created", iso_local(o.created, off)},
      {"date_created_gmt", iso_local(o.created)},
      {"date_modified", iso_local(o.updated, off)},
      {"date_modified_gmt", iso_local(o.updated)},
      {"discount_total", money(o.discount())},
      {"discount_tax", money(0)},
      {"shipping_total", money(o.shipping_total)},
      {"shipping_tax", money(o.shipping_tax)},
      {"cart_tax", money(o.line_tax())},
      {"total", money(o.total())},
      {"total_tax", money(o.line_tax() + o.shipping_tax)},
      {"prices_include_tax", false},
      {"customer_id", o.customer_id},
      {"customer_ip_address", "203.0.113." + std::to_string(o.id % 250)},
      {"customer_user_agent", "Mozilla/5.0"},
      {"customer_note", o.note},
      {"billing", address(o.billing, &o.email)},
      {"shipping", address(o.shipping, nullptr)},
      {"payment_method", o.paid ? "stripe" : "bacs"},
      {"payment_method_title", o.paid ? "Credit card (Stripe)" : "Direct bank transfer"},
      {"transaction_id", o.paid ? "ch_" + std::to_string(o.id * 104729) : ""},
      {"date_paid", date_or_null(o.paid_at, off)},
      {"date_paid_gmt", date_or_null(o.paid_at, 0)},
      {"date_completed", date_or_null(o.completed_at, off)},
      {"date_completed_gmt", date_or_null(o.completed_at, 0)},
      {"cart_hash", ""},
      {"meta_data", render_meta(o.meta)},
      {"line_items", std::move(items)},
      {"tax_lines", json::array{}},
      {"shipping_lines", std::move(shipping_lines)},
      {"fee_lines", json::array{}},
      {"coupon_lines", std::move(coupons)},
      {"refunds", std::move(refunds)},
      {"currency_symbol", o.currency},
      {"_links", links(l, "orders", o.id)},
  };
}

json::object render_customer(const Store& store, const Customer& c, const Links& l) {
  const int off = store.utc_offset_minutes;
  bool paying = false;
  for (const auto& o : store.orders)
    paying = paying || (o.customer_id == c.id && o.paid);
  return json::object{
      {"id", c.id},
      {"date_created", iso_local(c.created, off)},
      {"date_created_gmt", iso_local(c.created)},
      {"date_modified", iso_local(c.updated, off)},
      {"date_modified_gmt", iso_local(c.updated)},
      {"email", c.email},
      {"first_name", c.first_name},
      {"last_name", c.last_name},
      {"role", "customer"},
      {"username", "customer" + std::to_string(c.id)},
      {"billing", address(c.billing, &c.email)},
      {"shipping", address(c.shipping, nullptr)},
      {"is_paying_customer", paying},
      {"avatar_url", "https://secure.gravatar.com/avatar/" + std::to_string(c.id)},
      {"meta_data", json::array{}},
      {"_links", links(l, "customers", c.id)},
  };
}

json::object render_product(const Store& store, const Product& p, const Links& l) {
  const int off = store.utc_offset_minutes;
  const int digits = cartgate::minor_unit_digits(store.currency);
  json::array variations;
  for (const auto& v : p.variants)
    variations.push_back(v.id);
  std::string slug;
  for (char c : p.name) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      slug.push_back(static_cast<char>(c + 32));
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  return json::object{
      {"id", p.id},
      {"name", p.name},
      {"slug", slug},
      {"permalink", l.home_url + "/product/" + slug + "/"},
      {"date_created", iso_local(p.created, off)},
      {"date_created_gmt", iso_local(p.created)},
      {"date_modified", iso_local(p.updated, off)},
      {"date_modified_gmt", iso_local(p.updated)},
      {"type", p.variants.empty() ? "simple" : "variable"},
      {"status", product_status_name(p.status)},
      {"featured", false},
      {"catalog_visibility", "visible"},
      {"description", "<p>" + p.name + "</p>"},
      {"short_description", ""},
      {"sku", p.sku},
      {"price", decimal(p.price, digits)},
      {"regular_price", decimal(p.compare_at.value_or(p.price), digits)},
      {"sale_price", p.compare_at ? decimal(p.price, digits) : ""},
      {"on_sale", p.compare_at.has_value()},
      {"purchasable", p.status == ProductStatus::active},
      {"virtual", false},
      {"downloadable", false},
      {"manage_stock", p.manage_stock},
      {"stock_quantity", p.manage_stock ? json::value(p.stock) : json::value(nullptr)},
      {"stock_status", !p.manage_stock || p.stock > 0 ? "instock" : "outofstock"},
      {"variations", std::move(variations)},
      {"meta_data", json::array{}},
      {"_links", links(l, "products", p.id)},
  };
}

json::object render_webhook(const Store& store, const Subscription& s, const Links& l) {
  const auto dot = s.topic.find('.');
  const std::string resource = dot == std::string::npos ? s.topic : s.topic.substr(0, dot);
  const std::string event = dot == std::string::npos ? "" : s.topic.substr(dot + 1);
  return json::object{
      {"id", s.id},
      {"name", s.name},
      {"status", s.status},
      {"topic", s.topic},
      {"resource", resource},
      {"event", event},
      {"hooks", json::array{"woocommerce_" + event + "_" + resource}},
      {"delivery_url", s.url},
      {"date_created", iso_local(s.created, store.utc_offset_minutes)},
      {"date_created_gmt", iso_local(s.created)},
      {"date_modified", iso_local(s.updated, store.utc_offset_minutes)},
      {"date_modified_gmt", iso_local(s.updated)},
      {"_links", links(l, "webhooks", s.id)},
  };
}

}  // namespace sandbox::woo
