#include "model/generator.hpp"

#include <algorithm>
#include <array>

namespace sandbox {

namespace {

using namespace std::chrono;

struct Person {
  const char* first;
  const char* last;
};

// Mixed scripts and diacritics on purpose: mappings must carry them unchanged.
const std::vector<Person> kPeople{
    {"Jane", "Doe"},        {"John", "Smith"},      {"Zoë", "Łukasiewicz"}, {"José", "Muñoz"},
    {"Øyvind", "Ærøe"},     {"Ünal", "Çelik"},      {"太郎", "山田"},       {"Анна", "Иванова"},
    {"Siobhán", "O'Brien"}, {"François", "Dupré"},  {"Ngozi", "Okafor"},    {"Mei", "Chen"},
    {"Lars", "Müller"},     {"Fatima", "Al-Sayed"}, {"Pedro", "Gonçalves"}, {"Aiko", "Tanaka"},
};

struct Place {
  const char* city;
  const char* region;
  const char* region_code;
  const char* postcode;
  const char* country;
  int tax_basis_points;  // sales tax / VAT in 1/100 %
};

const std::vector<Place> kPlaces{
    {"Austin", "Texas", "TX", "78751", "US", 825},
    {"San Francisco", "California", "CA", "94103", "US", 863},
    {"München", "Bayern", "BY", "80331", "DE", 1900},
    {"Paris", "Île-de-France", "IDF", "75001", "FR", 2000},
    {"東京", "東京都", "13", "100-0001", "JP", 1000},
    {"São Paulo", "São Paulo", "SP", "01310-100", "BR", 1700},
    {"London", "Greater London", "LND", "SW1A 1AA", "GB", 2000},
    {"Kuwait City", "Al Asimah", "KU", "13001", "KW", 0},
};

const std::vector<const char*> kStreets{"455 Main Street", "Straße des 17. Juni 135",
                                        "1-1 Chiyoda",     "Rua Augusta 1500",
                                        "10 Downing St",   "969 Market",
                                        "Rue de Rivoli 99"};

const std::vector<std::pair<const char*, std::int64_t>> kCatalog{
    {"Smith Journal 13", 2500},         {"Orbit Terrarium – Large", 10900},
    {"Canvas Laundry Cart", 20000},     {"Able Brewing System", 22500},
    {"Chemex Coffeemaker 3 Cup", 4950}, {"Tiered Wire Basket", 11995},
    {"Sample Dustpan & Brush", 3495},   {"Utility Caddy", 4595},
    {"Fog Linen Chambray Towel", 4900}, {"Oak Cheese Grater", 3450},
    {"Café Crème Espresso Cup", 1875},  {"Ümlaut T-Shirt", 2999}};

const std::vector<const char*> kCoupons{"WELCOME10", "SPRING20", "FREESHIP", "VIP15"};

Time random_time(Rng& rng, Time from, Time to) {
  return from + seconds(rng.between(0, (to - from).count()));
}

Address make_address(Rng& rng, const Person& p) {
  const Place& place = rng.pick(kPlaces);
  Address a;
  a.first_name = p.first;
  a.last_name = p.last;
  if (rng.chance(0.2)) a.company = "Ünicode Trading GmbH";
  a.line1 = rng.pick(kStreets);
  if (rng.chance(0.3)) a.line2 = "Apt " + std::to_string(rng.between(1, 99));
  a.city = place.city;
  a.region = place.region;
  a.region_code = place.region_code;
  a.postcode = place.postcode;
  a.country = place.country;
  a.phone = "+" + std::to_string(rng.between(1, 99)) + " " + std::to_string(rng.between(100, 999)) +
            " " + std::to_string(rng.between(100000, 999999));
  return a;
}

int tax_for(const Address& a) {
  for (const auto& p : kPlaces) {
    if (a.country == p.country) return p.tax_basis_points;
  }
  return 0;
}

// Prices in the catalog are in USD cents; other currencies scale to their own minor units.
std::int64_t local_price(std::int64_t usd_cents, const std::string& currency) {
  if (currency == "JPY") return usd_cents * 150 / 100;  // 0 digits: yen
  if (currency == "KWD") return usd_cents * 3;          // 3 digits: fils (≈0.30 KWD per USD)
  if (currency == "EUR") return usd_cents * 92 / 100;
  if (currency == "GBP") return usd_cents * 79 / 100;
  return usd_cents;
}

std::string email_for(const Person& p, std::int64_t n) {
  std::string local;
  for (const char* c = p.first; *c != '\0'; ++c) {
    const unsigned char u = static_cast<unsigned char>(*c);
    if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) local.push_back(static_cast<char>(*c));
  }
  if (local.empty()) local = "shopper";
  return local + "." + std::to_string(n) + "@example.com";
}

Customer make_customer(Store& store, Rng& rng, Time from, Time to) {
  Customer c;
  c.id = store.next_customer_id++;
  const Person& p = rng.pick(kPeople);
  c.first_name = p.first;
  c.last_name = p.last;
  c.email = email_for(p, c.id);  // capitalised, as shoppers type it: connectors normalize
  c.billing = make_address(rng, p);
  c.shipping = rng.chance(0.8) ? c.billing : make_address(rng, p);
  c.phone = c.billing.phone;
  c.created = random_time(rng, from, to);
  c.updated = std::min(to, c.created + seconds(rng.between(0, 86400 * 20)));
  return c;
}

Product make_product(Store& store, Rng& rng, Time from, Time to) {
  Product p;
  p.id = store.next_product_id++;
  const auto& [name, usd] = kCatalog[static_cast<std::size_t>(p.id - 1) % kCatalog.size()];
  p.name = name;
  if (p.id > static_cast<std::int64_t>(kCatalog.size())) p.name += " #" + std::to_string(p.id);
  p.sku = "SKU-" + std::to_string(1000 + p.id);
  p.price = local_price(usd, store.currency);
  p.stock = rng.between(0, 500);
  const auto roll = rng.between(0, 99);
  p.status = roll < 85   ? ProductStatus::active
             : roll < 95 ? ProductStatus::draft
                         : ProductStatus::archived;
  if (rng.chance(0.4)) {
    for (const char* colour : {"Blue", "Red"}) {
      Variant v;
      v.id = p.id * 100 + static_cast<std::int64_t>(p.variants.size()) + 1;
      v.name = colour;
      v.sku = p.sku + "-" + std::string(1, colour[0]);
      v.price = p.price + (colour[0] == 'R' ? local_price(200, store.currency) : 0);
      v.stock = rng.between(0, 100);
      p.variants.push_back(v);
    }
  }
  p.created = random_time(rng, from, to);
  p.updated = std::min(to, p.created + seconds(rng.between(0, 86400 * 30)));
  return p;
}

std::vector<Line> make_lines(Store& store, Rng& rng, int count, int tax_bp, bool discounted) {
  std::vector<Line> lines;
  for (int i = 0; i < count; ++i) {
    const Product& p = store.products[static_cast<std::size_t>(
        rng.between(0, static_cast<std::int64_t>(store.products.size()) - 1))];
    Line l;
    l.id = store.next_line_id++;
    l.product_id = p.id;
    l.name = p.name;
    l.sku = p.sku;
    l.unit_price = p.price;
    if (!p.variants.empty()) {
      const Variant& v = rng.pick(p.variants);
      l.variant_id = v.id;
      l.sku = v.sku;
      l.name = p.name + " - " + v.name;
      l.unit_price = v.price;
    }
    l.quantity = rng.between(1, 4);
    const std::int64_t gross = l.unit_price * l.quantity;
    l.discount = discounted ? gross / 10 : 0;
    l.tax = (gross - l.discount) * tax_bp / 10000;
    lines.push_back(l);
  }
  return lines;
}

void set_state(Order& o, Rng& rng) {
  const auto roll = rng.between(0, 99);
  o.state = roll < 50   ? OrderState::completed
            : roll < 70 ? OrderState::processing
            : roll < 78 ? OrderState::pending
            : roll < 82 ? OrderState::on_hold
            : roll < 90 ? OrderState::cancelled
            : roll < 95 ? OrderState::refunded
                        : OrderState::failed;
  o.paid = o.state == OrderState::completed || o.state == OrderState::processing ||
           o.state == OrderState::refunded || o.state == OrderState::on_hold;
  if (o.paid) o.paid_at = o.created + seconds(rng.between(0, 600));
  if (o.state == OrderState::completed) {
    set_fulfilled(o, o.quantity());
    o.completed_at = o.updated;
  } else if (o.state == OrderState::processing && rng.chance(0.3)) {
    set_fulfilled(o, std::max<std::int64_t>(1, o.quantity() / 2));  // partly shipped
  }
  if (o.state == OrderState::cancelled) o.cancelled_at = o.updated;
  if (o.state == OrderState::refunded) o.refunded = o.total();
  if (o.state == OrderState::completed && rng.chance(0.06)) o.refunded = o.total() / 3;
}

}  // namespace

Order make_order(Store& store, Rng& rng, Time now, int line_count) {
  Order o;
  o.id = store.next_order_id++;
  o.number = std::to_string(1000 + o.id);
  o.currency = store.currency;
  const bool guest = store.customers.empty() || rng.chance(0.3);
  if (guest) {
    const Person& p = rng.pick(kPeople);
    o.email = email_for(p, 9000 + o.id);
    o.billing = make_address(rng, p);
  } else {
    const Customer& c = rng.pick(store.customers);
    o.customer_id = c.id;
    o.email = c.email;
    o.billing = c.billing;
    o.shipping = c.shipping;
  }
  if (o.shipping.line1.empty()) o.shipping = o.billing;
  const bool discounted = rng.chance(0.2);
  if (discounted) o.coupon = rng.pick(kCoupons);
  // Mostly small baskets, now and then a long one.
  const int drawn = rng.chance(0.05) ? static_cast<int>(rng.between(20, 40))
                                     : static_cast<int>(rng.between(1, 4));
  const int count = line_count > 0 ? line_count : drawn;  // drawn anyway: seeded runs stay put
  const int tax_bp = tax_for(o.shipping);
  o.lines = make_lines(store, rng, count, tax_bp, discounted);
  o.shipping_total = rng.chance(0.2) ? 0 : local_price(rng.between(5, 20) * 100, store.currency);
  o.shipping_tax = o.shipping_total * tax_bp / 10000;
  o.created = o.updated = now;
  return o;
}

Cart make_cart(Store& store, Rng& rng, Time now) {
  Cart c;
  // Magento's quote ids are integers; elsewhere a cart id is a UUID.
  c.id = store.platform == Platform::magento ? std::to_string(store.carts.size() + 1) : rng.uuid();
  c.token = rng.hex(32);
  if (!store.customers.empty() && rng.chance(0.6)) {
    const Customer& owner = rng.pick(store.customers);
    c.customer_id = owner.id;
    c.email = owner.email;
  }
  c.lines = make_lines(store, rng, static_cast<int>(rng.between(1, 3)), 0, false);
  c.created = c.updated = now;
  return c;
}

Line make_cart_line(Store& store, Rng& rng) {
  return make_lines(store, rng, 1, 0, false).front();
}

int cart_tax_basis_points(const Store& store, const Cart& cart) {
  if (const Customer* owner = store.find_customer(cart.customer_id)) {
    return tax_for(owner->shipping.line1.empty() ? owner->billing : owner->shipping);
  }
  return kPlaces.front().tax_basis_points;
}

Order order_from_cart(Store& store, Rng& rng, const Cart& cart, Time now) {
  Order o;
  o.id = store.next_order_id++;
  o.number = std::to_string(1000 + o.id);
  o.currency = store.currency;
  const Customer* owner = store.find_customer(cart.customer_id);
  const Person& p = rng.pick(kPeople);
  if (owner != nullptr) {
    o.customer_id = owner->id;
    o.billing = owner->billing;
    o.shipping = owner->shipping;
  } else {
    o.billing = make_address(rng, p);
  }
  // A guest types an email at checkout when the cart had none.
  o.email = !cart.email.empty() ? cart.email : email_for(p, 9000 + o.id);
  if (o.shipping.line1.empty()) o.shipping = o.billing;
  const int tax_bp = tax_for(o.shipping);
  o.lines = cart.lines;
  o.cart_id = cart.id;
  for (auto& l : o.lines)
    l.tax = (l.unit_price * l.quantity - l.discount) * tax_bp / 10000;
  o.shipping_total = rng.chance(0.2) ? 0 : local_price(rng.between(5, 20) * 100, store.currency);
  o.shipping_tax = o.shipping_total * tax_bp / 10000;
  o.created = o.updated = now;
  return o;
}

void populate(Store& store, Rng rng, const Sizes& sizes, Time epoch) {
  const Time from = epoch - days(90);
  for (int i = 0; i < sizes.customers; ++i) {
    store.customers.push_back(make_customer(store, rng, from, epoch));
  }
  for (int i = 0; i < std::max(1, sizes.products); ++i) {
    store.products.push_back(make_product(store, rng, from, epoch));
  }
  for (int i = 0; i < sizes.orders; ++i) {
    const Time created = random_time(rng, from, epoch);
    Order o = make_order(store, rng, created);
    o.updated = std::min(epoch, created + seconds(rng.between(0, 86400 * 10)));
    set_state(o, rng);
    store.orders.push_back(std::move(o));
  }
  // Orders were drawn in random time order; ids follow creation, as on the platforms.
  std::sort(store.orders.begin(), store.orders.end(),
            [](const Order& a, const Order& b) { return a.created < b.created; });
  for (std::size_t i = 0; i < store.orders.size(); ++i) {
    store.orders[i].id = static_cast<std::int64_t>(i) + 1;
    store.orders[i].number = std::to_string(1001 + i);
  }
  for (int i = 0; i < sizes.carts; ++i) {
    Cart c = make_cart(store, rng, epoch);
    c.created = random_time(rng, epoch - days(3), epoch);
    c.updated = std::min(epoch, c.created + seconds(rng.between(0, 7200)));
    c.state = c.updated < epoch - hours(1) ? CartState::abandoned : CartState::active;
    store.carts.push_back(std::move(c));
  }
}

}  // namespace sandbox
