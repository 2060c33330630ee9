#include "shop_mapping.hpp"

#include <cartgate/sdk/entity_fields.hpp>
#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/read_result.hpp>

namespace cartgate::shop {

namespace json = boost::json;
using sdk::Fields;

namespace {

constexpr std::string_view kPlatform = "shopify";

// MoneyBag { shopMoney { amount currencyCode } }
std::optional<Money> bag(const Fields& f, std::string_view key, const std::string& currency) {
  return f.object(key).object("shopMoney").money("amount", currency);
}

std::string bag_currency(const Fields& f, std::string_view key) {
  return f.object(key).object("shopMoney").text("currencyCode").value_or("");
}

void header(EntityHeader& h, Fields& f, const StoreContext& store) {
  h.id = f.text("legacyResourceId").value_or(gid_number(f.text("id").value_or("")));
  if (h.id.empty()) f.fail("a node without an id");
  h.store_id = store.store_id;
  h.platform = std::string(kPlatform);
  h.created_at = f.required_time("createdAt", parse_rfc3339);
  h.updated_at = f.time("updatedAt", parse_rfc3339).value_or(h.created_at);
}

constexpr sdk::AddressKeys kAddress{.first_name = "firstName",
                                    .last_name = "lastName",
                                    .address1 = "address1",
                                    .address2 = "address2",
                                    .region = "province",
                                    .region_code = "provinceCode",
                                    .postal_code = "zip",
                                    .country_code = "countryCodeV2"};

std::optional<FinancialStatus> financial(std::string_view s) {
  if (s == "PENDING") return FinancialStatus::pending;
  if (s == "AUTHORIZED") return FinancialStatus::authorized;
  if (s == "PARTIALLY_PAID") return FinancialStatus::partially_paid;
  if (s == "PAID") return FinancialStatus::paid;
  if (s == "PARTIALLY_REFUNDED") return FinancialStatus::partially_refunded;
  if (s == "REFUNDED") return FinancialStatus::refunded;
  if (s == "VOIDED" || s == "EXPIRED") return FinancialStatus::voided;
  return std::nullopt;
}

LineItem line_item(const json::value& node, const std::string& order_id, const std::string& cur,
                   Fields& order) {
  Fields l(&node, "order " + order_id + " line");
  LineItem line;
  line.id = gid_number(l.text("id").value_or(""));
  if (line.id.empty()) l.fail("order " + order_id + ": a line without an id");
  if (auto v = l.object("variant").text("legacyResourceId")) line.variant_id = v;
  if (auto p = l.object("product").text("legacyResourceId")) line.product_id = p;
  line.sku = l.text("sku");
  line.name = l.text("name").value_or(l.text("title").value_or(""));
  line.quantity = l.required_integer("quantity");
  line.unit_price = bag(l, "originalUnitPriceSet", cur).value_or(sdk::zero_money(cur));
  line.subtotal = Money{line.unit_price.minor_units * line.quantity, cur};
  line.discount = bag(l, "totalDiscountSet", cur).value_or(sdk::zero_money(cur));
  line.tax = sdk::zero_money(cur);
  if (const auto* taxes = l.array("taxLines")) {
    for (const auto& t : *taxes) {
      if (auto amount = bag(Fields(&t, "tax line"), "priceSet", cur)) {
        line.tax.minor_units += amount->minor_units;
      }
    }
  }
  line.total = Money{line.subtotal.minor_units - line.discount.minor_units, cur};
  if (!l.error().empty()) order.fail(l.error());
  return line;
}

}  // namespace

std::string gid_number(std::string_view gid) {
  const auto slash = gid.rfind('/');
  std::string_view tail = slash == std::string_view::npos ? gid : gid.substr(slash + 1);
  if (const auto q = tail.find('?'); q != std::string_view::npos) tail = tail.substr(0, q);
  return sdk::is_numeric_id(tail) ? std::string(tail) : std::string();
}

Mapped<Order> map_order(const json::value& node, const json::array& extra_lines,
                        const StoreContext& store) {
  Fields f(&node, "order");
  Order o;
  header(o, f, store);
  o.number = f.text("name").value_or(o.id);
  o.currency = f.text("currencyCode").value_or("");
  if (!is_currency_code(o.currency)) f.fail("order " + o.id + ": no currency");
  if (!f.error().empty()) return f.error();
  const std::string& cur = o.currency;
  const std::string fin = f.text("displayFinancialStatus").value_or("PENDING");
  const std::string ful = f.text("displayFulfillmentStatus").value_or("UNFULFILLED");
  o.native_status = fin + "/" + ful;
  o.financial_status = financial(fin);
  o.fulfillment_status = ful == "FULFILLED"             ? FulfillmentStatus::fulfilled
                         : ful == "PARTIALLY_FULFILLED" ? FulfillmentStatus::partial
                                                        : FulfillmentStatus::unfulfilled;
  o.cancelled_at = f.time("cancelledAt", parse_rfc3339);
  if (o.cancelled_at) {
    o.status = OrderStatus::cancelled;
  } else if (fin == "REFUNDED") {
    o.status = OrderStatus::refunded;
  } else if (fin == "VOIDED" || fin == "EXPIRED") {
    o.status = OrderStatus::failed;
  } else if (ful == "FULFILLED") {
    o.status = OrderStatus::completed;
  } else if (ful == "ON_HOLD") {
    o.status = OrderStatus::on_hold;
  } else if (fin == "PAID" || fin == "PARTIALLY_PAID" || fin == "PARTIALLY_REFUNDED") {
    o.status = OrderStatus::processing;
  } else {
    o.status = OrderStatus::pending;
  }
  o.totals.total = bag(f, "totalPriceSet", cur).value_or(sdk::zero_money(cur));
  if (!f.object("totalPriceSet").present()) f.fail("order " + o.id + ": no totalPriceSet");
  o.totals.discount = bag(f, "totalDiscountsSet", cur).value_or(sdk::zero_money(cur));
  // subtotalPriceSet is after discounts; the schema's subtotal is before them.
  o.totals.subtotal =
      Money{bag(f, "subtotalPriceSet", cur).value_or(sdk::zero_money(cur)).minor_units +
                o.totals.discount.minor_units,
            cur};
  o.totals.tax = bag(f, "totalTaxSet", cur).value_or(sdk::zero_money(cur));
  o.totals.shipping = bag(f, "totalShippingPriceSet", cur).value_or(sdk::zero_money(cur));
  o.totals.refunded = bag(f, "totalRefundedSet", cur).value_or(sdk::zero_money(cur));

  if (auto email = f.text("email")) o.identity.email = normalize_email(*email);
  const Fields customer = f.object("customer");
  if (customer.present()) {
    o.identity.customer_id = customer.text("legacyResourceId");
    if (!o.identity.email) {
      if (auto email = customer.text("email")) o.identity.email = normalize_email(*email);
    }
  }
  o.identity.guest = !o.identity.customer_id;
  o.billing_address = sdk::read_address(f.object("billingAddress"), kAddress);
  o.shipping_address = sdk::read_address(f.object("shippingAddress"), kAddress);
  if (const auto* lines = f.object("lineItems").array("nodes")) {
    for (const auto& l : *lines)
      o.line_items.push_back(line_item(l, o.id, cur, f));
  }
  for (const auto& l : extra_lines)
    o.line_items.push_back(line_item(l, o.id, cur, f));
  if (!f.error().empty()) return f.error();
  return o;
}

namespace {

// Shopify's CustomerEmailMarketingState in the schema's terms. REDACTED and INVALID (an
// address that cannot take mail) say nothing of consent.
std::optional<EmailMarketing> email_marketing(const std::optional<std::string>& state) {
  if (!state) return std::nullopt;
  if (*state == "SUBSCRIBED") return EmailMarketing::subscribed;
  if (*state == "NOT_SUBSCRIBED") return EmailMarketing::not_subscribed;
  if (*state == "UNSUBSCRIBED") return EmailMarketing::unsubscribed;
  if (*state == "PENDING") return EmailMarketing::pending;
  return std::nullopt;
}

}  // namespace

Mapped<Customer> map_customer(const json::value& node, const StoreContext& store) {
  Fields f(&node, "customer");
  Customer c;
  header(c, f, store);
  if (auto email = f.text("email")) c.email = normalize_email(*email);
  c.first_name = f.text("firstName");
  c.last_name = f.text("lastName");
  c.phone = f.text("phone");
  c.email_marketing = email_marketing(f.object("emailMarketingConsent").text("marketingState"));
  c.default_address = sdk::read_address(f.object("defaultAddress"), kAddress);
  if (const auto* list = f.array("addresses")) {
    for (const auto& a : *list) {
      if (auto mapped = sdk::read_address(Fields(&a, "customer address"), kAddress))
        c.addresses.push_back(*mapped);
    }
  }
  if (!f.error().empty()) return f.error();
  return c;
}

Mapped<Product> map_product(const json::value& node, const std::string& currency,
                            const StoreContext& store) {
  Fields f(&node, "product");
  Product p;
  header(p, f, store);
  p.name = f.text("title").value_or("");
  p.native_status = f.text("status").value_or("ACTIVE");
  p.status = p.native_status == "DRAFT"      ? ProductStatus::draft
             : p.native_status == "ARCHIVED" ? ProductStatus::archived
                                             : ProductStatus::active;
  if (const auto* variants = f.object("variants").array("nodes")) {
    for (const auto& v : *variants) {
      Fields vf(&v, "product " + p.id + " variant");
      ProductVariant variant;
      variant.id = vf.text("legacyResourceId").value_or(gid_number(vf.text("id").value_or("")));
      variant.sku = vf.text("sku");
      variant.name = vf.text("title").value_or(p.name);
      if (is_currency_code(currency)) {
        variant.price = vf.money("price", currency);
        variant.compare_at_price = vf.money("compareAtPrice", currency);
      }
      variant.inventory_quantity = vf.integer("inventoryQuantity");
      if (!vf.error().empty()) f.fail(vf.error());
      p.variants.push_back(std::move(variant));
    }
  }
  if (!p.variants.empty()) {
    p.sku = p.variants.front().sku;
    p.price = p.variants.front().price;
    p.compare_at_price = p.variants.front().compare_at_price;
  }
  // A product without options has one variant, whose stock is the product's.
  if (p.variants.size() == 1) p.inventory_quantity = p.variants.front().inventory_quantity;
  if (!f.error().empty()) return f.error();
  return p;
}

Mapped<Cart> map_checkout(const json::value& node, const StoreContext& store) {
  Fields f(&node, "checkout");
  Cart c;
  header(c, f, store);
  c.currency = bag_currency(f, "totalPriceSet");
  if (!is_currency_code(c.currency)) f.fail("checkout " + c.id + ": no currency");
  if (!f.error().empty()) return f.error();
  const std::string& cur = c.currency;
  const bool completed = f.find("completedAt") != nullptr;
  c.status = completed ? CartStatus::converted : CartStatus::abandoned;
  c.checkout_url = f.text("abandonedCheckoutUrl");
  const Fields customer = f.object("customer");
  if (customer.present()) {
    c.identity.customer_id = customer.text("legacyResourceId");
    if (auto email = customer.text("email")) c.identity.email = normalize_email(*email);
  }
  c.identity.guest = !c.identity.customer_id;
  CartTotals totals;
  totals.subtotal = bag(f, "subtotalPriceSet", cur).value_or(sdk::zero_money(cur));
  totals.discount = bag(f, "totalDiscountSet", cur).value_or(sdk::zero_money(cur));
  totals.tax = bag(f, "totalTaxSet", cur).value_or(sdk::zero_money(cur));
  totals.total = bag(f, "totalPriceSet", cur).value_or(sdk::zero_money(cur));
  c.totals = totals;
  if (const auto* lines = f.object("lineItems").array("nodes")) {
    for (const auto& l : *lines) {
      Fields lf(&l, "checkout " + c.id + " line");
      LineItem line;
      line.id = gid_number(lf.text("id").value_or(""));
      if (line.id.empty()) lf.fail("checkout " + c.id + ": a line without an id");
      line.sku = lf.text("sku");
      line.name = lf.text("title").value_or("");
      line.quantity = lf.required_integer("quantity");
      line.unit_price = bag(lf, "originalUnitPriceSet", cur).value_or(sdk::zero_money(cur));
      line.subtotal = bag(lf, "originalTotalPriceSet", cur)
                          .value_or(Money{line.unit_price.minor_units * line.quantity, cur});
      line.discount = sdk::zero_money(cur);
      line.tax = sdk::zero_money(cur);
      line.total = line.subtotal;
      if (!lf.error().empty()) f.fail(lf.error());
      c.line_items.push_back(std::move(line));
    }
  }
  if (!f.error().empty()) return f.error();
  return c;
}

namespace {

// REST money sets: { "shop_money": { "amount": "19.99", "currency_code": "USD" }, ... }.
std::string rest_line_currency(const json::array& lines) {
  for (const auto& l : lines) {
    const Fields lf(&l, "cart line");
    for (const char* set : {"price_set", "line_price_set", "original_line_price_set"}) {
      if (auto code = lf.object(set).object("shop_money").text("currency_code")) return *code;
    }
  }
  return "";
}

}  // namespace

Mapped<Cart> map_cart_webhook(const json::value& body, const StoreContext& store) {
  Fields f(&body, "cart");
  Cart c;
  // Shopify names online-store carts by their token (the id carries the same value).
  c.id = f.text("token").value_or(f.text("id").value_or(""));
  if (c.id.empty()) f.fail("a cart without a token");
  c.store_id = store.store_id;
  c.platform = std::string(kPlatform);
  c.created_at = f.required_time("created_at", parse_rfc3339);
  c.updated_at = f.time("updated_at", parse_rfc3339).value_or(c.created_at);
  const json::array empty;
  const json::array* lines = f.array("line_items");
  if (lines == nullptr) lines = &empty;
  c.currency = rest_line_currency(*lines);
  // An emptied cart names no currency anywhere: ISO 4217's XXX says "no currency involved".
  if (c.currency.empty() && lines->empty()) c.currency = "XXX";
  if (!is_currency_code(c.currency)) f.fail("cart " + c.id + ": no currency in its line items");
  if (!f.error().empty()) return f.error();
  const std::string& cur = c.currency;
  c.status = CartStatus::active;
  c.identity.guest = true;  // the payload carries no buyer: carts are anonymous until checkout
  for (const auto& l : *lines) {
    Fields lf(&l, "cart " + c.id + " line");
    LineItem line;
    line.id = lf.text("key").value_or(lf.id("id").value_or(""));
    if (line.id.empty()) lf.fail("cart " + c.id + ": a line without a key");
    line.product_id = lf.id("product_id");
    line.variant_id = lf.id("variant_id");
    line.sku = lf.text("sku");
    line.name = lf.text("title").value_or("");
    line.quantity = lf.required_integer("quantity");
    line.unit_price = lf.money("original_price", cur)
                          .value_or(lf.money("price", cur).value_or(sdk::zero_money(cur)));
    line.subtotal = lf.money("original_line_price", cur)
                        .value_or(Money{line.unit_price.minor_units * line.quantity, cur});
    line.discount = lf.money("total_discount", cur).value_or(sdk::zero_money(cur));
    line.tax = sdk::zero_money(cur);
    line.total = lf.money("line_price", cur)
                     .value_or(Money{line.subtotal.minor_units - line.discount.minor_units, cur});
    if (!lf.error().empty()) f.fail(lf.error());
    c.line_items.push_back(std::move(line));
  }
  if (!f.error().empty()) return f.error();
  return c;
}

}  // namespace cartgate::shop
