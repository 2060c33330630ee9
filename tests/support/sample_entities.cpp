#include "support/sample_entities.hpp"

namespace cartgate::test {

namespace {

Timestamp at(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm} + seconds{ss};
}

Money money(std::int64_t minor, const char* currency) {
  return Money{minor, currency};
}

Address address() {
  Address a;
  a.first_name = "Zoë";
  a.last_name = "Łukasiewicz";
  a.company = "Ünicode GmbH";
  a.address1 = "Straße 1";
  a.address2 = std::nullopt;
  a.city = "München";
  a.region = "Bayern";
  a.region_code = "BY";
  a.postal_code = "80331";
  a.country_code = "DE";
  a.phone = "+49 89 123456";
  return a;
}

LineItem line(const char* id, std::int64_t qty, std::int64_t unit, const char* currency) {
  LineItem l;
  l.id = id;
  l.product_id = "632910392";
  l.variant_id = "808950810";
  l.sku = "IPOD2008PINK";
  l.name = "IPod Nano – 8GB";
  l.quantity = qty;
  l.unit_price = money(unit, currency);
  l.subtotal = money(unit * qty, currency);
  l.discount = money(0, currency);
  l.tax = money(0, currency);
  l.total = money(unit * qty, currency);
  return l;
}

}  // namespace

Order sample_order() {
  Order o;
  o.id = "820982911946154508";
  o.store_id = "st_0123456789abcdef0123";
  o.platform = "shopify";
  o.created_at = at(2021, 12, 31, 19, 0, 0);
  o.updated_at = at(2022, 1, 2, 8, 30, 0);
  o.number = "#9999";
  o.status = OrderStatus::cancelled;
  o.native_status = "CANCELLED";
  o.financial_status = FinancialStatus::voided;
  o.fulfillment_status = FulfillmentStatus::unfulfilled;
  o.currency = "EUR";
  o.totals = {money(39800, "EUR"), money(1000, "EUR"),  money(500, "EUR"),
              money(0, "EUR"),     money(39300, "EUR"), money(0, "EUR")};
  o.identity = {"jane@example.com", "115310627314723954", false};
  o.billing_address = address();
  o.shipping_address = address();
  o.line_items = {line("866550311766439020", 2, 19900, "EUR")};
  o.cancelled_at = at(2022, 1, 2, 8, 30, 0);
  return o;
}

Order sample_guest_order_jpy() {
  Order o;
  o.id = "727";
  o.store_id = "st_0123456789abcdef0124";
  o.platform = "woocommerce";
  o.created_at = o.updated_at = at(2017, 3, 22, 19, 28, 2);
  o.number = "727";
  o.status = OrderStatus::processing;
  o.native_status = "processing";
  o.currency = "JPY";
  o.totals = {money(6000, "JPY"), money(0, "JPY"),    money(1000, "JPY"),
              money(135, "JPY"),  money(7135, "JPY"), money(0, "JPY")};
  o.identity = {"john.doe@example.com", std::nullopt, true};
  o.line_items = {line("315", 2, 3000, "JPY")};
  return o;
}

Customer sample_customer() {
  Customer c;
  c.id = "3";
  c.store_id = "st_0123456789abcdef0125";
  c.platform = "magento";
  c.created_at = at(2017, 8, 21, 22, 22, 19);
  c.updated_at = at(2017, 8, 21, 22, 22, 20);
  c.email = "jdoe@example.com";
  c.first_name = "Jane";
  c.last_name = "Doe";
  c.default_address = address();
  c.addresses = {address()};
  return c;
}

Product sample_product() {
  Product p;
  p.id = "77";
  p.store_id = "st_0123456789abcdef0126";
  p.platform = "bigcommerce";
  p.created_at = at(2018, 8, 15, 14, 48, 46);
  p.updated_at = at(2018, 8, 15, 14, 48, 46);
  p.name = "Smith Journal 13";
  p.sku = "SM-13";
  p.status = ProductStatus::active;
  p.native_status = "visible";
  p.price = money(2500, "USD");
  ProductVariant v;
  v.id = "66";
  v.sku = "SM-13-B";
  v.name = "Blue";
  v.price = money(2750, "USD");
  v.inventory_quantity = 12;
  p.variants = {
      v, ProductVariant{"67", std::nullopt, "Red", std::nullopt, std::nullopt, std::nullopt}};
  return p;
}

Cart sample_cart() {
  Cart c;
  c.id = "09346904-4175-44fd-be53-f7e598531b6c";
  c.store_id = "st_0123456789abcdef0126";
  c.platform = "bigcommerce";
  c.created_at = at(2018, 9, 17, 14, 27, 39);
  c.updated_at = at(2018, 9, 17, 15, 0, 0);
  c.status = CartStatus::abandoned;
  c.currency = "KWD";
  c.totals = CartTotals{money(12500, "KWD"), money(0, "KWD"), money(0, "KWD"), money(12500, "KWD")};
  c.identity = {"shopper@example.com", "20", false};
  c.line_items = {line("a1", 1, 12500, "KWD")};
  c.checkout_url = "https://shop.example/checkout/09346904";
  return c;
}

Event sample_event(EventType type) {
  Event e;
  e.id = "evt_0123456789abcdef";
  e.type = type;
  e.occurred_at = at(2022, 1, 2, 8, 30, 0);
  e.received_at = at(2022, 1, 2, 8, 30, 1);
  e.source = EventSource::webhook;
  switch (entity_of(type)) {
    case Entity::order:
      e.data = sample_order();
      break;
    case Entity::customer:
      e.data = sample_customer();
      break;
    case Entity::product:
      e.data = sample_product();
      break;
    case Entity::cart:
      e.data = sample_cart();
      break;
  }
  std::visit(
      [&](const auto& entity) {
        e.store_id = entity.store_id;
        e.platform = entity.platform;
      },
      e.data);
  if (const auto* o = std::get_if<Order>(&e.data)) e.identity = o->identity;
  if (const auto* c = std::get_if<Cart>(&e.data)) e.identity = c->identity;
  return e;
}

}  // namespace cartgate::test
