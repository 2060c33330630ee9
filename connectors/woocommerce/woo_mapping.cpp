#include "woo_mapping.hpp"

#include <algorithm>

#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_time.hpp>

#include "woo_tracking.hpp"

namespace cartgate::woo {

namespace json = boost::json;
using sdk::Fields;

namespace {

constexpr std::string_view kPlatform = "woocommerce";

// date_* are site-local without an offset; the *_gmt twins are UTC. Only those are used.
constexpr sdk::HeaderKeys kHeader{"id", "date_created_gmt", "date_modified_gmt",
                                  sdk::parse_naive_utc};

// Billing and shipping; WooCommerce stores the state's code.
constexpr sdk::AddressKeys kAddress{.address1 = "address_1",
                                    .address2 = "address_2",
                                    .region_code = "state",
                                    .postal_code = "postcode",
                                    .country_code = "country"};

// Orders have no financial status of their own; it follows from the status, the payment date
// and the refunds.
std::optional<FinancialStatus> financial_status(std::string_view status, bool paid,
                                                std::int64_t refunded, std::int64_t total) {
  if (status == "refunded" || (refunded > 0 && refunded >= total)) return FinancialStatus::refunded;
  if (refunded > 0) return FinancialStatus::partially_refunded;
  if (status == "failed" || (status == "cancelled" && !paid)) return FinancialStatus::voided;
  if (paid || status == "processing" || status == "completed") return FinancialStatus::paid;
  return FinancialStatus::pending;
}

OrderStatus order_status(std::string_view s) {
  if (s == "processing") return OrderStatus::processing;
  if (s == "on-hold") return OrderStatus::on_hold;
  if (s == "completed") return OrderStatus::completed;
  if (s == "cancelled" || s == "trash") return OrderStatus::cancelled;
  if (s == "refunded") return OrderStatus::refunded;
  if (s == "failed") return OrderStatus::failed;
  return OrderStatus::pending;  // pending, checkout-draft and statuses added by plugins
}

LineItem line_item(Fields& order, Fields line, const std::string& currency) {
  LineItem out;
  out.id = line.required_id("id");
  out.product_id = line.id("product_id");
  out.variant_id = line.id("variation_id");
  out.sku = line.text("sku");
  out.name = line.text("name").value_or("");
  out.quantity = line.required_integer("quantity");
  out.subtotal = line.required_money("subtotal", currency);
  out.total = line.required_money("total", currency);
  out.tax = line.money("total_tax", currency).value_or(sdk::zero_money(currency));
  out.discount = Money{out.subtotal.minor_units - out.total.minor_units, currency};
  // `price` is a PHP float after discounts; the list price is the subtotal per unit.
  out.unit_price = Money{out.quantity > 0 ? out.subtotal.minor_units / out.quantity : 0, currency};
  if (!line.error().empty()) order.fail(line.error());
  return out;
}

// WooCommerce tracks no shipments of its own: a completed order is a fulfilled one, and one
// with shipment tracking items (woo_tracking.hpp) is partly shipped, or wholly when its items
// hold every unit of every line.
FulfillmentStatus fulfillment_status(const Order& o, const json::value& raw) {
  if (o.native_status == "completed") return FulfillmentStatus::fulfilled;
  const TrackingMeta meta = tracking_meta(raw);
  if (meta.items == nullptr || meta.items->empty()) return FulfillmentStatus::unfulfilled;
  const sdk::LineUnits shipped = shipped_units(meta);
  const bool every_unit =
      !o.line_items.empty() &&
      std::all_of(o.line_items.begin(), o.line_items.end(), [&](const LineItem& l) {
        const auto it = shipped.find(l.id);
        return it != shipped.end() && it->second >= l.quantity;
      });
  return every_unit ? FulfillmentStatus::fulfilled : FulfillmentStatus::partial;
}

}  // namespace

std::string native_order_status(std::string_view normalized) {
  if (normalized == "on_hold") return "on-hold";
  for (std::string_view s :
       {"pending", "processing", "completed", "cancelled", "refunded", "failed"}) {
    if (normalized == s) return std::string(s);
  }
  return "";
}

Mapped<Order> map_order(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "order");
  Order o;
  sdk::read_header(o, f, kHeader, kPlatform, store);
  if (!o.id.empty()) f = Fields(&raw, "order " + o.id);
  o.number = f.text("number").value_or(o.id);
  o.native_status = f.required_text("status");
  o.status = order_status(o.native_status);
  o.currency = f.required_text("currency");
  if (!is_currency_code(o.currency)) f.fail("order " + o.id + ": currency is not ISO 4217");
  if (!f.error().empty()) return f.error();

  const std::string& cur = o.currency;
  o.totals.total = f.required_money("total", cur);
  o.totals.tax = f.money("total_tax", cur).value_or(sdk::zero_money(cur));
  o.totals.shipping = f.money("shipping_total", cur).value_or(sdk::zero_money(cur));
  o.totals.discount = f.money("discount_total", cur).value_or(sdk::zero_money(cur));
  o.totals.subtotal = sdk::zero_money(cur);
  o.totals.refunded = sdk::zero_money(cur);
  if (const auto* lines = f.array("line_items")) {
    o.line_items.reserve(lines->size());
    for (const auto& l : *lines) {
      o.line_items.push_back(line_item(f, Fields(&l, "order " + o.id + " line"), cur));
      o.totals.subtotal.minor_units += o.line_items.back().subtotal.minor_units;
    }
  }
  if (const auto* refunds = f.array("refunds")) {
    for (const auto& r : *refunds) {
      // Refund totals are negative strings ("-5.00").
      const auto amount = Fields(&r, "refund").money("total", cur);
      if (amount)
        o.totals.refunded.minor_units +=
            amount->minor_units < 0 ? -amount->minor_units : amount->minor_units;
    }
  }
  const bool paid = f.find("date_paid_gmt") != nullptr;
  o.financial_status = financial_status(o.native_status, paid, o.totals.refunded.minor_units,
                                        o.totals.total.minor_units);
  o.fulfillment_status = fulfillment_status(o, raw);

  const Fields billing = f.object("billing");
  o.identity.email = billing.text("email") ? normalize_email(*billing.text("email")) : std::nullopt;
  o.identity.customer_id = f.id("customer_id");  // 0 is a guest checkout
  o.identity.guest = !o.identity.customer_id;
  o.billing_address = sdk::read_address(billing, kAddress);
  o.shipping_address = sdk::read_address(f.object("shipping"), kAddress);
  if (!f.error().empty()) return f.error();
  return o;
}

Mapped<Customer> map_customer(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "customer");
  Customer c;
  sdk::read_header(c, f, kHeader, kPlatform, store);
  if (auto email = f.text("email")) c.email = normalize_email(*email);
  c.first_name = f.text("first_name");
  c.last_name = f.text("last_name");
  const Fields billing = f.object("billing");
  c.phone = billing.text("phone");
  if (auto a = sdk::read_address(billing, kAddress)) {
    c.default_address = a;
    c.addresses.push_back(*a);
  }
  // WooCommerce's shipping address has no phone (the customer's phone is billing's): the same
  // place is one address, whatever the phone.
  if (auto a = sdk::read_address(f.object("shipping"), kAddress); a) {
    Address same_place = *a;
    if (c.default_address) same_place.phone = c.default_address->phone;
    if (same_place != c.default_address) c.addresses.push_back(*a);
  }
  if (!f.error().empty()) return f.error();
  return c;
}

Mapped<Product> map_product(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "product");
  Product p;
  sdk::read_header(p, f, kHeader, kPlatform, store);
  p.name = f.text("name").value_or("");
  p.sku = f.text("sku");
  p.native_status = f.required_text("status");
  if (p.native_status == "publish") {
    p.status = ProductStatus::active;
  } else if (p.native_status == "private") {
    p.status = ProductStatus::archived;
  } else {
    p.status = ProductStatus::draft;  // draft, pending, future
  }
  if (auto it = store.settings.find("currency"); it != store.settings.end()) {
    p.price = f.money("price", it->second);
    // On sale, `price` is the sale price and `regular_price` the one before it.
    if (f.text("sale_price") && f.boolean("on_sale").value_or(false)) {
      p.compare_at_price = f.money("regular_price", it->second);
    }
  }
  // stock_quantity is null unless the product manages its stock (a variable product may
  // manage it for every variation at once).
  if (f.boolean("manage_stock").value_or(false)) p.inventory_quantity = f.integer("stock_quantity");
  // `variations` lists ids only; variant details need one request per variation (not done).
  if (!f.error().empty()) return f.error();
  return p;
}

}  // namespace cartgate::woo
