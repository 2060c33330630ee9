#include "mage_mapping.hpp"

#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_time.hpp>

namespace cartgate::mage {

namespace json = boost::json;
using sdk::Fields;

namespace {

constexpr std::string_view kPlatform = "magento";

// Orders are keyed by entity_id, everything else by id; dates are UTC without an offset.
constexpr sdk::HeaderKeys kOrderHeader{"entity_id", "created_at", "updated_at",
                                       sdk::parse_naive_utc};
constexpr sdk::HeaderKeys kHeader{"id", "created_at", "updated_at", sdk::parse_naive_utc};

// Street lines are an array, read below; orders carry region/region_code flat, customer
// addresses nest them in `region`.
constexpr sdk::AddressKeys kAddress{.first_name = "firstname",
                                    .last_name = "lastname",
                                    .postal_code = "postcode",
                                    .country_code = "country_id",
                                    .phone = "telephone"};

std::optional<Address> address(const Fields& a) {
  if (!a.present()) return std::nullopt;
  Address out = sdk::address_parts(a, kAddress);
  if (const auto* street = a.array("street")) {
    if (!street->empty() && street->at(0).is_string() && !street->at(0).get_string().empty()) {
      out.address1 = std::string(street->at(0).get_string());
    }
    if (street->size() > 1 && street->at(1).is_string() && !street->at(1).get_string().empty()) {
      out.address2 = std::string(street->at(1).get_string());
    }
  }
  const Fields region = a.object("region");
  out.region = region.present() ? region.text("region") : a.text("region");
  out.region_code = region.present() ? region.text("region_code") : a.text("region_code");
  return sdk::unless_empty(std::move(out));
}

Money absolute(Money m) {
  if (m.minor_units < 0) m.minor_units = -m.minor_units;
  return m;
}

OrderStatus order_status(std::string_view state) {
  if (state == "processing") return OrderStatus::processing;
  if (state == "holded" || state == "payment_review") return OrderStatus::on_hold;
  if (state == "complete") return OrderStatus::completed;
  if (state == "canceled") return OrderStatus::cancelled;
  if (state == "closed") return OrderStatus::refunded;  // closed = fully refunded (credit memo)
  return OrderStatus::pending;                          // new, pending_payment
}

}  // namespace

std::string native_statuses(std::string_view s) {
  if (s == "pending") return "pending,pending_payment";
  if (s == "processing") return "processing";
  if (s == "on_hold") return "holded,payment_review";
  if (s == "completed") return "complete";
  if (s == "cancelled") return "canceled";
  if (s == "refunded") return "closed";
  if (s == "failed") return "fraud";
  return "";
}

Mapped<Order> map_order(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "order");
  Order o;
  sdk::read_header(o, f, kOrderHeader, kPlatform, store);
  o.number = f.text("increment_id").value_or(o.id);
  const std::string state = f.text("state").value_or("new");
  o.native_status = f.text("status").value_or(state);
  o.status = order_status(state);
  o.currency = f.required_text("order_currency_code");
  if (!f.error().empty()) return f.error();
  const std::string& cur = o.currency;
  o.totals.total = f.required_money("grand_total", cur);
  o.totals.subtotal = f.money("subtotal", cur).value_or(sdk::zero_money(cur));
  o.totals.tax = f.money("tax_amount", cur).value_or(sdk::zero_money(cur));
  o.totals.shipping = f.money("shipping_amount", cur).value_or(sdk::zero_money(cur));
  o.totals.discount = absolute(f.money("discount_amount", cur).value_or(sdk::zero_money(cur)));
  o.totals.refunded = f.money("total_refunded", cur).value_or(sdk::zero_money(cur));

  const std::int64_t total = o.totals.total.minor_units;
  const std::int64_t paid = f.money("total_paid", cur).value_or(sdk::zero_money(cur)).minor_units;
  const std::int64_t refunded = o.totals.refunded.minor_units;
  if (refunded > 0) {
    o.financial_status =
        refunded >= total ? FinancialStatus::refunded : FinancialStatus::partially_refunded;
  } else if (state == "canceled") {
    o.financial_status = FinancialStatus::voided;
  } else if (paid > 0) {
    o.financial_status = paid >= total ? FinancialStatus::paid : FinancialStatus::partially_paid;
  } else {
    o.financial_status = FinancialStatus::pending;
  }

  std::int64_t ordered = 0, shipped = 0;
  if (const auto* items = f.array("items")) {
    for (const auto& item : *items) {
      Fields l(&item, "order " + o.id + " item");
      // Configurable and bundle products come as a parent line plus child lines; the
      // parent carries the money, so children are skipped.
      if (l.find("parent_item_id") != nullptr) continue;
      LineItem line;
      line.id = l.required_id("item_id");
      line.product_id = l.id("product_id");
      line.sku = l.text("sku");
      line.name = l.text("name").value_or("");
      line.quantity = l.required_integer("qty_ordered");
      line.unit_price = l.required_money("price", cur);
      line.subtotal = l.money("row_total", cur)
                          .value_or(Money{line.unit_price.minor_units * line.quantity, cur});
      line.discount = absolute(l.money("discount_amount", cur).value_or(sdk::zero_money(cur)));
      line.tax = l.money("tax_amount", cur).value_or(sdk::zero_money(cur));
      line.total = Money{line.subtotal.minor_units - line.discount.minor_units, cur};
      ordered += line.quantity;
      shipped += l.integer("qty_shipped").value_or(0);
      if (!l.error().empty()) f.fail(l.error());
      o.line_items.push_back(std::move(line));
    }
  }
  if (state == "complete" || (ordered > 0 && shipped >= ordered)) {
    o.fulfillment_status = FulfillmentStatus::fulfilled;
  } else {
    o.fulfillment_status =
        shipped > 0 ? FulfillmentStatus::partial : FulfillmentStatus::unfulfilled;
  }

  if (auto email = f.text("customer_email")) o.identity.email = normalize_email(*email);
  o.identity.customer_id = f.id("customer_id");
  o.identity.guest =
      f.boolean("customer_is_guest").value_or(!o.identity.customer_id) || !o.identity.customer_id;
  o.billing_address = address(f.object("billing_address"));
  if (const auto* assignments = f.object("extension_attributes").array("shipping_assignments");
      assignments != nullptr && !assignments->empty()) {
    Fields first(&assignments->at(0), "shipping assignment");
    o.shipping_address = address(first.object("shipping").object("address"));
  }
  if (!f.error().empty()) return f.error();
  return o;
}

Mapped<Customer> map_customer(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "customer");
  Customer c;
  sdk::read_header(c, f, kHeader, kPlatform, store);
  if (auto email = f.text("email")) c.email = normalize_email(*email);
  c.first_name = f.text("firstname");
  c.last_name = f.text("lastname");
  // The newsletter subscription, which Magento's newsletter module adds to the customer.
  if (auto subscribed = f.object("extension_attributes").boolean("is_subscribed")) {
    c.email_marketing = *subscribed ? EmailMarketing::subscribed : EmailMarketing::not_subscribed;
  }
  const auto default_billing = f.text("default_billing");
  if (const auto* addresses = f.array("addresses")) {
    for (const auto& a : *addresses) {
      Fields af(&a, "customer address");
      auto mapped = address(af);
      if (!mapped) continue;
      const bool is_default = af.boolean("default_billing").value_or(false) ||
                              (default_billing && af.id("id") == default_billing);
      if (is_default && !c.default_address) c.default_address = mapped;
      c.addresses.push_back(std::move(*mapped));
    }
  }
  if (c.default_address) c.phone = c.default_address->phone;
  if (!f.error().empty()) return f.error();
  return c;
}

namespace {

// The special_price custom attribute ({"attribute_code", "value": "14.500000"}), if set.
std::optional<Money> special_price(const Fields& f, const std::string& currency) {
  const auto* attributes = f.array("custom_attributes");
  if (attributes == nullptr) return std::nullopt;
  for (const auto& a : *attributes) {
    Fields attribute(&a, "custom attribute");
    if (attribute.text("attribute_code") == "special_price") {
      return attribute.money("value", currency);
    }
  }
  return std::nullopt;
}

}  // namespace

Mapped<Product> map_product(const json::value& raw, const StoreContext& store) {
  Fields f(&raw, "product");
  Product p;
  sdk::read_header(p, f, kHeader, kPlatform, store);
  p.name = f.text("name").value_or("");
  p.sku = f.text("sku");
  // Enabled (1) or disabled (2); a disabled product not visible on its own (visibility 1) is
  // archived: it is neither sold nor shown.
  const auto status = f.integer("status").value_or(1);
  p.native_status = status == 1 ? "enabled" : "disabled";
  p.status = status == 1                                ? ProductStatus::active
             : f.integer("visibility").value_or(4) == 1 ? ProductStatus::archived
                                                        : ProductStatus::draft;
  if (auto it = store.settings.find("currency"); it != store.settings.end()) {
    const auto price = f.money("price", it->second);
    // Customers pay a special price below the price; the price is then struck through (the
    // special price's date window is not read).
    const auto special = special_price(f, it->second);
    const bool on_sale = price && special && special->minor_units < price->minor_units;
    p.price = on_sale ? special : price;
    if (on_sale) p.compare_at_price = price;
  }
  p.inventory_quantity = f.object("extension_attributes").object("stock_item").integer("qty");
  if (!f.error().empty()) return f.error();
  return p;
}

namespace {

// CartTotalRepository::get() reports grand_total minus tax_amount; the taxed grand total is the
// "grand_total" total segment. Without segments, the tax is added back.
Money taxed_grand_total(Fields& t, const Money& tax, const std::string& cur) {
  if (const auto* segments = t.array("total_segments")) {
    for (const auto& segment : *segments) {
      Fields s(&segment, "total segment");
      if (s.text("code").value_or("") != "grand_total") continue;
      auto value = s.money("value", cur);
      if (!s.error().empty()) t.fail(s.error());
      if (value) return *value;
    }
  }
  const Money untaxed = t.required_money("grand_total", cur);
  return Money{untaxed.minor_units + tax.minor_units, cur};
}

}  // namespace

Mapped<Cart> map_cart(const json::value& raw, const json::value* totals, const StoreContext& store,
                      Timestamp now, std::chrono::seconds abandon_after) {
  Fields f(&raw, "cart");
  Cart c;
  sdk::read_header(c, f, kHeader, kPlatform, store);
  const Fields currency = f.object("currency");
  c.currency = currency.text("quote_currency_code")
                   .value_or(currency.text("base_currency_code").value_or(""));
  if (!is_currency_code(c.currency)) f.fail("cart " + c.id + ": no quote currency");
  if (!f.error().empty()) return f.error();
  const bool active = f.boolean("is_active").value_or(true);
  const std::int64_t item_count = f.integer("items_count").value_or(0);
  if (!active) {
    c.status = CartStatus::converted;
    c.converted_order_id = f.id("reserved_order_id");
  } else if (item_count > 0 && now - c.updated_at >= abandon_after) {
    c.status = CartStatus::abandoned;
  }
  const Fields customer = f.object("customer");
  auto email = customer.text("email");
  if (!email) email = f.object("billing_address").text("email");
  if (email) c.identity.email = normalize_email(*email);
  c.identity.customer_id = customer.id("id");
  c.identity.guest = f.boolean("customer_is_guest").value_or(false) || !c.identity.customer_id;
  const std::string& cur = c.currency;
  if (const auto* items = f.array("items")) {
    for (const auto& item : *items) {
      Fields l(&item, "cart " + c.id + " item");
      LineItem line;
      line.id = l.required_id("item_id");
      line.sku = l.text("sku");
      line.name = l.text("name").value_or("");
      line.quantity = l.required_integer("qty");
      line.unit_price = l.money("price", cur).value_or(sdk::zero_money(cur));
      line.subtotal = Money{line.unit_price.minor_units * line.quantity, cur};
      line.discount = sdk::zero_money(cur);
      line.tax = sdk::zero_money(cur);
      line.total = line.subtotal;
      if (!l.error().empty()) f.fail(l.error());
      c.line_items.push_back(std::move(line));
    }
  }
  if (totals != nullptr) {
    Fields t(totals, "cart " + c.id + " totals");
    CartTotals ct;
    ct.subtotal = t.money("subtotal", cur).value_or(sdk::zero_money(cur));
    ct.discount = absolute(t.money("discount_amount", cur).value_or(sdk::zero_money(cur)));
    ct.tax = t.money("tax_amount", cur).value_or(sdk::zero_money(cur));
    ct.total = taxed_grand_total(t, ct.tax, cur);
    if (!t.error().empty()) return t.error();
    c.totals = ct;
  }
  if (!f.error().empty()) return f.error();
  return c;
}

}  // namespace cartgate::mage
