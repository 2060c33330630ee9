#include "bc_mapping.hpp"

#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_time.hpp>

namespace cartgate::bc {

namespace json = boost::json;
using sdk::Fields;

namespace {

constexpr std::string_view kPlatform = "bigcommerce";

// v2 orders write their dates as RFC 2822; v3 and the cart API as RFC 3339.
constexpr sdk::HeaderKeys kV2OrderHeader{"id", "date_created", "date_modified", sdk::parse_rfc2822};
constexpr sdk::HeaderKeys kV3Header{"id", "date_created", "date_modified", parse_rfc3339};
constexpr sdk::HeaderKeys kCartHeader{"id", "created_time", "updated_time", parse_rfc3339};

// v2 order addresses: street_1/street_2, state (a name), zip, country_iso2.
constexpr sdk::AddressKeys kV2Address{.address1 = "street_1",
                                      .address2 = "street_2",
                                      .region = "state",
                                      .postal_code = "zip",
                                      .country_code = "country_iso2"};

// v3 customer addresses.
constexpr sdk::AddressKeys kV3Address{.address1 = "address1",
                                      .address2 = "address2",
                                      .region = "state_or_province",
                                      .postal_code = "postal_code",
                                      .country_code = "country_code"};

// The 15 order status ids (GET /v2/order_statuses).
OrderStatus order_status(std::int64_t id) {
  switch (id) {
    case 3:   // Partially Shipped
    case 8:   // Awaiting Pickup
    case 9:   // Awaiting Shipment
    case 11:  // Awaiting Fulfillment
      return OrderStatus::processing;
    case 2:   // Shipped
    case 10:  // Completed
    case 14:  // Partially Refunded: the order itself went through
      return OrderStatus::completed;
    case 4:
      return OrderStatus::refunded;
    case 5:
      return OrderStatus::cancelled;
    case 6:  // Declined
      return OrderStatus::failed;
    case 12:  // Manual Verification Required
    case 13:  // Disputed
      return OrderStatus::on_hold;
    default:  // 0 Incomplete, 1 Pending, 7 Awaiting Payment
      return OrderStatus::pending;
  }
}

bool is_paid_status(std::int64_t id) {
  return id == 2 || id == 3 || id == 8 || id == 9 || id == 10 || id == 11;
}

}  // namespace

Mapped<Order> map_order(const json::value& raw, const json::value& products,
                        const json::value& shipping, const StoreContext& store) {
  Fields f(&raw, "order");
  Order o;
  sdk::read_header(o, f, kV2OrderHeader, kPlatform, store);
  o.number = o.id;  // BigCommerce has no separate order number
  const std::int64_t status_id = f.required_integer("status_id");
  o.status = order_status(status_id);
  o.native_status = f.text("status").value_or(std::to_string(status_id));
  // default_currency_code is the transactional currency the shopper paid in.
  o.currency = f.text("default_currency_code").value_or(f.text("currency_code").value_or(""));
  if (!is_currency_code(o.currency)) f.fail("order " + o.id + ": no ISO 4217 currency");
  if (!f.error().empty()) return f.error();
  const std::string& cur = o.currency;
  o.totals.total = f.required_money("total_inc_tax", cur);
  o.totals.subtotal = f.money("subtotal_ex_tax", cur).value_or(sdk::zero_money(cur));
  o.totals.tax = f.money("total_tax", cur).value_or(sdk::zero_money(cur));
  o.totals.shipping = f.money("shipping_cost_ex_tax", cur).value_or(sdk::zero_money(cur));
  o.totals.discount =
      Money{f.money("discount_amount", cur).value_or(sdk::zero_money(cur)).minor_units +
                f.money("coupon_discount", cur).value_or(sdk::zero_money(cur)).minor_units,
            cur};
  o.totals.refunded = f.money("refunded_amount", cur).value_or(sdk::zero_money(cur));

  const std::int64_t refunded = o.totals.refunded.minor_units;
  if (refunded > 0) {
    o.financial_status = refunded >= o.totals.total.minor_units
                             ? FinancialStatus::refunded
                             : FinancialStatus::partially_refunded;
  } else if (status_id == 5 || status_id == 6) {
    o.financial_status = FinancialStatus::voided;
  } else if (is_paid_status(status_id) || f.text("payment_status") == "captured") {
    o.financial_status = FinancialStatus::paid;
  } else {
    o.financial_status = FinancialStatus::pending;
  }
  const std::int64_t items_total = f.integer("items_total").value_or(0);
  const std::int64_t items_shipped = f.integer("items_shipped").value_or(0);
  o.fulfillment_status = items_shipped <= 0             ? FulfillmentStatus::unfulfilled
                         : items_shipped >= items_total ? FulfillmentStatus::fulfilled
                                                        : FulfillmentStatus::partial;

  const Fields billing = f.object("billing_address");
  if (auto email = billing.text("email")) o.identity.email = normalize_email(*email);
  o.identity.customer_id = f.id("customer_id");  // 0 = guest
  o.identity.guest = !o.identity.customer_id;
  o.billing_address = sdk::read_address(billing, kV2Address);
  if (const auto* list = shipping.if_array(); list != nullptr && !list->empty()) {
    o.shipping_address =
        sdk::read_address(Fields(&list->at(0), "order " + o.id + " shipping address"), kV2Address);
  }
  if (const auto* lines = products.if_array()) {
    for (const auto& item : *lines) {
      Fields l(&item, "order " + o.id + " product");
      LineItem line;
      line.id = l.required_id("id");
      line.product_id = l.id("product_id");
      line.variant_id = l.id("variant_id");
      line.sku = l.text("sku");
      line.name = l.text("name").value_or("");
      line.quantity = l.required_integer("quantity");
      line.unit_price = l.required_money("price_ex_tax", cur);
      line.subtotal = l.money("total_ex_tax", cur)
                          .value_or(Money{line.unit_price.minor_units * line.quantity, cur});
      line.tax = l.money("total_tax", cur).value_or(sdk::zero_money(cur));
      line.discount = sdk::zero_money(cur);
      if (const auto* discounts = l.array("applied_discounts")) {
        for (const auto& d : *discounts) {
          if (auto amount = Fields(&d, "discount").money("amount", cur)) {
            line.discount.minor_units += amount->minor_units;
          }
        }
      }
      line.total = Money{line.subtotal.minor_units - line.discount.minor_units, cur};
      if (!l.error().empty()) f.fail(l.error());
      o.line_items.push_back(std::move(line));
    }
  }
  if (!f.error().empty()) return f.error();
  return o;
}

Mapped<Customer> map_customer(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "customer");
  Customer c;
  sdk::read_header(c, f, kV3Header, kPlatform, store);
  if (auto email = f.text("email")) c.email = normalize_email(*email);
  c.first_name = f.text("first_name");
  c.last_name = f.text("last_name");
  c.phone = f.text("phone");
  // BigCommerce's marketing consent: whether the customer takes its product review and
  // abandoned cart e-mails (its newsletter list is a separate subscriber list, by address).
  if (auto accepts = f.boolean("accepts_product_review_abandoned_cart_emails")) {
    c.email_marketing = *accepts ? EmailMarketing::subscribed : EmailMarketing::not_subscribed;
  }
  if (const auto* addresses = f.array("addresses")) {
    for (const auto& a : *addresses) {
      if (auto mapped = sdk::read_address(Fields(&a, "customer address"), kV3Address))
        c.addresses.push_back(*mapped);
    }
  }
  // BigCommerce marks no default address; the first one stands for it.
  if (!c.addresses.empty()) c.default_address = c.addresses.front();
  if (!f.error().empty()) return f.error();
  return c;
}

Mapped<Product> map_product(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "product");
  Product p;
  sdk::read_header(p, f, kV3Header, kPlatform, store);
  p.name = f.text("name").value_or("");
  p.sku = f.text("sku");
  const bool visible = f.boolean("is_visible").value_or(true);
  const bool disabled = f.text("availability") == "disabled";
  p.status =
      disabled ? ProductStatus::archived : (visible ? ProductStatus::active : ProductStatus::draft);
  p.native_status = disabled ? "disabled" : (visible ? "visible" : "hidden");
  std::string currency;
  if (auto it = store.settings.find("currency"); it != store.settings.end()) currency = it->second;
  std::optional<Money> listed, sale;
  if (!currency.empty()) {
    // A sale price above 0 is what BigCommerce charges; `price` is then the one struck through.
    listed = f.money("price", currency);
    sale = f.money("sale_price", currency);
    const bool on_sale = sale && sale->minor_units > 0;
    p.price = on_sale ? sale : listed;
    if (on_sale) p.compare_at_price = listed;
  }
  // The product's own level counts only while its stock is tracked by product.
  if (f.text("inventory_tracking") == "product")
    p.inventory_quantity = f.integer("inventory_level");
  if (const auto* variants = f.array("variants")) {
    for (const auto& v : *variants) {
      Fields vf(&v, "product " + p.id + " variant");
      ProductVariant variant;
      variant.id = vf.required_id("id");
      variant.sku = vf.text("sku");
      variant.name = variant.sku.value_or(p.name);
      if (!currency.empty()) {
        // A variant's null price or sale price is the product's.
        const auto own_price = vf.money("price", currency);
        const auto own_sale = vf.money("sale_price", currency);
        const auto variant_listed = own_price ? own_price : listed;
        const auto variant_sale = own_sale ? own_sale : sale;
        if (variant_sale && variant_sale->minor_units > 0) {
          variant.price = variant_sale;
          variant.compare_at_price = variant_listed;
        } else {
          variant.price = variant_listed;
        }
        if (!variant.price) variant.price = vf.money("calculated_price", currency);
      }
      variant.inventory_quantity = vf.integer("inventory_level");
      if (!vf.error().empty()) f.fail(vf.error());
      p.variants.push_back(std::move(variant));
    }
  }
  if (!f.error().empty()) return f.error();
  return p;
}

Mapped<Cart> map_cart(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "cart");
  Cart c;
  sdk::read_header(c, f, kCartHeader, kPlatform, store);
  c.currency = f.object("currency").text("code").value_or("");
  if (!is_currency_code(c.currency)) f.fail("cart " + c.id + ": no ISO 4217 currency");
  if (!f.error().empty()) return f.error();
  const std::string& cur = c.currency;
  if (auto email = f.text("email")) c.identity.email = normalize_email(*email);
  c.identity.customer_id = f.id("customer_id");
  c.identity.guest = !c.identity.customer_id;
  CartTotals totals;
  totals.subtotal = f.money("base_amount", cur).value_or(sdk::zero_money(cur));
  totals.discount = f.money("discount_amount", cur).value_or(sdk::zero_money(cur));
  totals.tax = sdk::zero_money(cur);  // carts carry no tax before checkout
  totals.total = f.required_money("cart_amount", cur);
  c.totals = totals;
  const Fields groups = f.object("line_items");
  for (const char* group : {"physical_items", "digital_items"}) {
    const auto* items = groups.array(group);
    if (items == nullptr) continue;
    for (const auto& item : *items) {
      Fields l(&item, "cart " + c.id + " item");
      LineItem line;
      line.id = l.required_id("id");
      line.product_id = l.id("product_id");
      line.variant_id = l.id("variant_id");
      line.sku = l.text("sku");
      line.name = l.text("name").value_or("");
      line.quantity = l.required_integer("quantity");
      line.unit_price = l.required_money("list_price", cur);
      line.subtotal = l.money("extended_list_price", cur)
                          .value_or(Money{line.unit_price.minor_units * line.quantity, cur});
      line.total = l.money("extended_sale_price", cur).value_or(line.subtotal);
      line.discount = Money{line.subtotal.minor_units - line.total.minor_units, cur};
      line.tax = sdk::zero_money(cur);
      if (!l.error().empty()) f.fail(l.error());
      c.line_items.push_back(std::move(line));
    }
  }
  if (!f.error().empty()) return f.error();
  return c;
}

}  // namespace cartgate::bc
