// Shopify shapes. GraphQL Admin objects (Order, Customer, Product, AbandonedCheckout,
// WebhookSubscription) as nodes of the sandbox's GraphQL graph: gid:// ids with legacyResourceId,
// UTC dates with Z, MoneyBag amounts as Decimal strings. Webhook payloads in the REST shape:
// snake_case, integer ids, money with the currency's decimals, dates in the shop's offset.
#include "platforms/shopify/shop_render.hpp"

#include <cctype>
#include <charconv>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "graphql/graphql.hpp"
#include "platforms/shopify/shop_fulfillments.hpp"

namespace sandbox::shop {

namespace json = boost::json;

std::string utc(Time t) {
  return iso_local(t) + "Z";
}

namespace {

json::value utc_or_null(const std::optional<Time>& t) {
  return t ? json::value(utc(*t)) : json::value(nullptr);
}

// GraphQL Decimal: the shortest form with at least one decimal ("388.0", "29.35").
std::string gql_decimal(const Store& store, std::int64_t minor) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  std::string text = decimal(minor, digits);
  if (digits == 0) return text + ".0";
  while (text.back() == '0' && text[text.size() - 2] != '.')
    text.pop_back();
  return text;
}

json::object money_v2(const Store& store, std::int64_t minor) {
  return json::object{{"__typename", "MoneyV2"},
                      {"amount", gql_decimal(store, minor)},
                      {"currencyCode", store.currency}};
}

json::object address_gql(const Address& a) {
  return json::object{
      {"__typename", "MailingAddress"},
      {"firstName", a.first_name},
      {"lastName", a.last_name},
      {"name", a.first_name + " " + a.last_name},
      {"company", a.company.empty() ? json::value(nullptr) : json::value(a.company)},
      {"address1", a.line1},
      {"address2", a.line2.empty() ? json::value(nullptr) : json::value(a.line2)},
      {"city", a.city},
      {"province", a.region},
      {"provinceCode", a.region_code},
      {"zip", a.postcode},
      {"country", a.country},
      {"countryCodeV2", a.country},
      {"phone", a.phone}};
}

json::object address_rest(const Address& a) {
  return json::object{
      {"first_name", a.first_name},
      {"last_name", a.last_name},
      {"name", a.first_name + " " + a.last_name},
      {"company", a.company.empty() ? json::value(nullptr) : json::value(a.company)},
      {"address1", a.line1},
      {"address2", a.line2},
      {"city", a.city},
      {"province", a.region},
      {"province_code", a.region_code},
      {"zip", a.postcode},
      {"country", a.country},
      {"country_code", a.country},
      {"phone", a.phone}};
}

json::object line_gql(const Store& store, const Line& l) {
  const auto unit = l.quantity ? (l.unit_price * l.quantity - l.discount) / l.quantity : 0;
  return json::object{
      {"__typename", "LineItem"},
      {"id", gid("LineItem", sid(Kind::line, l.id))},
      {"name", l.name},
      {"title", l.name},
      {"quantity", l.quantity},
      {"sku", l.sku.empty() ? json::value(nullptr) : json::value(l.sku)},
      {"variant", l.variant_id
                      ? json::value(json::object{
                            {"__typename", "ProductVariant"},
                            {"id", gid("ProductVariant", sid(Kind::variant, l.variant_id))},
                            {"legacyResourceId", std::to_string(sid(Kind::variant, l.variant_id))},
                            {"sku", l.sku}})
                      : json::value(nullptr)},
      {"product",
       json::object{{"__typename", "Product"},
                    {"id", gid("Product", sid(Kind::product, l.product_id))},
                    {"legacyResourceId", std::to_string(sid(Kind::product, l.product_id))}}},
      {"originalUnitPriceSet", money_bag(store, l.unit_price)},
      {"discountedUnitPriceSet", money_bag(store, unit)},
      {"originalTotalSet", money_bag(store, l.unit_price * l.quantity)},
      {"totalDiscountSet", money_bag(store, l.discount)},
      {"taxLines",
       json::array{json::object{
           {"__typename", "TaxLine"}, {"title", "Tax"}, {"priceSet", money_bag(store, l.tax)}}}}};
}

json::object customer_ref(const Store& store, std::int64_t customer_id) {
  const Customer* c = store.find_customer(customer_id);
  json::object o{{"__typename", "Customer"},
                 {"id", gid("Customer", sid(Kind::customer, customer_id))},
                 {"legacyResourceId", std::to_string(sid(Kind::customer, customer_id))}};
  if (c != nullptr) {
    o["email"] = c->email;
    o["firstName"] = c->first_name;
    o["lastName"] = c->last_name;
    o["phone"] = c->phone;
  }
  return o;
}

}  // namespace

std::int64_t sid(Kind kind, std::int64_t id) {
  // Shopify ids are large integers; each resource gets its own range.
  switch (kind) {
    case Kind::order:
      return 5'530'000'000'000 + id;
    case Kind::customer:
      return 7'210'000'000'000 + id;
    case Kind::product:
      return 8'040'000'000'000 + id;
    case Kind::variant:
      return 4'400'000'000'000 + id;
    case Kind::line:
      return 13'300'000'000'000 + id;
    case Kind::checkout:
      return 2'600'000'000'000 + id;
    case Kind::webhook:
      return 1'200'000'000'000 + id;
  }
  return id;
}

std::string gid(std::string_view type, std::int64_t id) {
  return "gid://shopify/" + std::string(type) + "/" + std::to_string(id);
}

std::optional<std::int64_t> gid_number(const json::value* v, std::string_view type) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string_view s = v->get_string();
  const std::string prefix = "gid://shopify/" + std::string(type) + "/";
  if (!s.starts_with(prefix)) return std::nullopt;
  s.remove_prefix(prefix.size());
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return n;
}

json::object money_bag(const Store& store, std::int64_t minor) {
  return json::object{{"__typename", "MoneyBag"},
                      {"shopMoney", money_v2(store, minor)},
                      {"presentmentMoney", money_v2(store, minor)}};
}

std::string financial_status(const Order& o) {
  if (o.state == OrderState::refunded) return "REFUNDED";
  if (o.refunded > 0) return "PARTIALLY_REFUNDED";
  if (o.paid) return "PAID";
  if (o.state == OrderState::cancelled || o.state == OrderState::failed) return "VOIDED";
  if (o.state == OrderState::on_hold) return "AUTHORIZED";
  return "PENDING";
}

std::string fulfillment_status(const Order& o) {
  // A held fulfillment order shows as ON_HOLD (FulfillmentOrderStatus ON_HOLD).
  if (o.state == OrderState::on_hold && o.fulfilled_quantity < o.quantity()) return "ON_HOLD";
  if (o.fulfilled_quantity <= 0) return "UNFULFILLED";
  if (o.fulfilled_quantity < o.quantity()) return "PARTIALLY_FULFILLED";
  return "FULFILLED";
}

json::object order_node(const Store& store, const Order& o) {
  json::array lines;
  std::vector<std::string> keys;
  for (const auto& l : o.lines) {
    lines.push_back(line_gql(store, l));
    keys.push_back(std::to_string(l.id));
  }
  json::array codes;
  if (!o.coupon.empty()) codes.push_back(json::string(o.coupon));
  json::array refunds;
  if (o.refunded > 0) {
    refunds.push_back(json::object{{"__typename", "Refund"},
                                   {"id", gid("Refund", o.id)},
                                   {"createdAt", utc(o.updated)},
                                   {"totalRefundedSet", money_bag(store, o.refunded)}});
  }
  const bool closed = o.state == OrderState::completed || o.state == OrderState::refunded;
  return json::object{
      {"__typename", "Order"},
      {"id", gid("Order", sid(Kind::order, o.id))},
      {"legacyResourceId", std::to_string(sid(Kind::order, o.id))},
      {"name", "#" + o.number},
      {"email", o.email.empty() ? json::value(nullptr) : json::value(o.email)},
      {"createdAt", utc(o.created)},
      {"updatedAt", utc(o.updated)},
      {"processedAt", utc(o.created)},
      {"cancelledAt", utc_or_null(o.cancelled_at)},
      {"cancelReason", o.cancelled_at ? json::value("CUSTOMER") : json::value(nullptr)},
      {"closed", closed},
      {"closedAt", closed ? utc_or_null(o.completed_at ? o.completed_at : std::optional(o.updated))
                          : json::value(nullptr)},
      {"currencyCode", o.currency},
      {"presentmentCurrencyCode", o.currency},
      {"displayFinancialStatus", financial_status(o)},
      {"displayFulfillmentStatus", fulfillment_status(o)},
      {"totalPriceSet", money_bag(store, o.total())},
      {"currentTotalPriceSet", money_bag(store, o.total() - o.refunded)},
      {"subtotalPriceSet", money_bag(store, o.subtotal() - o.discount())},
      {"totalTaxSet", money_bag(store, o.line_tax() + o.shipping_tax)},
      {"totalShippingPriceSet", money_bag(store, o.shipping_total + o.shipping_tax)},
      {"totalDiscountsSet", money_bag(store, o.discount())},
      {"totalRefundedSet", money_bag(store, o.refunded)},
      {"discountCodes", std::move(codes)},
      {"note", o.note.empty() ? json::value(nullptr) : json::value(o.note)},
      {"tags", json::array{}},
      {"test", false},
      {"customer",
       o.customer_id ? json::value(customer_ref(store, o.customer_id)) : json::value(nullptr)},
      {"billingAddress", address_gql(o.billing)},
      {"shippingAddress", address_gql(o.shipping)},
      {"lineItems", graphql::connection(std::move(lines), std::move(keys))},
      {"fulfillmentOrders", fulfillment_orders(o)},
      {"fulfillments", fulfillments(o)},
      {"refunds", std::move(refunds)}};
}

json::object customer_address_node(const Customer& c) {
  json::object node = address_gql(c.billing);
  node["id"] = customer_address_gid(c);
  return node;
}

std::string customer_address_gid(const Customer& c) {
  return gid("MailingAddress", sid(Kind::customer, c.id)) + "?model_name=CustomerAddress";
}

json::object email_marketing_consent(const Customer& c) {
  std::string state = c.email_marketing;
  for (char& ch : state)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return json::object{{"__typename", "CustomerEmailMarketingConsentState"},
                      {"marketingState", state},
                      {"marketingOptInLevel", "SINGLE_OPT_IN"},
                      {"consentUpdatedAt", nullptr}};
}

json::object customer_node(const Store& store, const Customer& c) {
  std::int64_t orders = 0, spent = 0;
  for (const auto& o : store.orders) {
    if (o.customer_id == c.id) {
      ++orders;
      spent += o.paid ? o.total() : 0;
    }
  }
  json::object node = customer_ref(store, c.id);
  node["createdAt"] = utc(c.created);
  node["updatedAt"] = utc(c.updated);
  node["displayName"] = c.first_name + " " + c.last_name;
  node["state"] = "ENABLED";
  node["numberOfOrders"] = std::to_string(orders);  // UnsignedInt64: a string
  node["amountSpent"] = money_v2(store, spent);
  // A customer made without an address has none (the sandbox keeps one per customer).
  const bool addressed = !c.billing.line1.empty();
  node["defaultAddress"] = addressed ? json::value(customer_address_node(c)) : json::value(nullptr);
  node["addresses"] = addressed ? json::array{customer_address_node(c)} : json::array{};
  node["tags"] = json::array{};
  node["verifiedEmail"] = true;
  node["emailMarketingConsent"] = email_marketing_consent(c);
  return node;
}

json::object location_node() {
  return json::object{{"__typename", "Location"},
                      {"id", gid("Location", kShopLocationId)},
                      {"name", "Shop location"}};
}

json::object product_node(const Store& store, const Product& p) {
  json::array variants;
  std::vector<std::string> keys;
  // Each variant has its inventory item (the same number as the variant), stocked at the one
  // location; `tracked` is whether the store counts its stock.
  const auto variant = [&](std::int64_t id, const std::string& sku, const std::string& title,
                           std::int64_t price, std::optional<std::int64_t> compare_at,
                           std::int64_t stock) {
    const std::int64_t shown = sid(Kind::variant, id);
    json::object level{{"__typename", "InventoryLevel"},
                       {"id", gid("InventoryLevel", shown)},
                       {"location", location_node()}};
    json::object item{{"__typename", "InventoryItem"},
                      {"id", gid("InventoryItem", shown)},
                      {"sku", sku},
                      {"tracked", p.manage_stock},
                      {"inventoryLevels", graphql::connection(json::array{std::move(level)},
                                                              {std::to_string(shown)})}};
    variants.push_back(json::object{
        {"__typename", "ProductVariant"},
        {"id", gid("ProductVariant", shown)},
        {"legacyResourceId", std::to_string(shown)},
        {"sku", sku},
        {"title", title},
        {"price", gql_decimal(store, price)},
        {"compareAtPrice", compare_at ? json::value(gql_decimal(store, *compare_at)) : nullptr},
        {"inventoryQuantity", stock},
        {"inventoryItem", std::move(item)}});
    keys.push_back(std::to_string(id));
  };
  if (p.variants.empty()) {
    variant(p.id * 100, p.sku, "Default Title", p.price, p.compare_at, p.stock);
  }
  for (const auto& v : p.variants)
    variant(v.id, v.sku, v.name, v.price, v.compare_at, v.stock);
  const char* status = p.status == ProductStatus::active  ? "ACTIVE"
                       : p.status == ProductStatus::draft ? "DRAFT"
                                                          : "ARCHIVED";
  return json::object{{"__typename", "Product"},
                      {"id", gid("Product", sid(Kind::product, p.id))},
                      {"legacyResourceId", std::to_string(sid(Kind::product, p.id))},
                      {"title", p.name},
                      {"handle", "product-" + std::to_string(p.id)},
                      {"status", status},
                      {"vendor", "Sandbox"},
                      {"productType", ""},
                      {"totalInventory", p.stock},
                      {"createdAt", utc(p.created)},
                      {"updatedAt", utc(p.updated)},
                      {"variants", graphql::connection(std::move(variants), std::move(keys))}};
}

json::object checkout_node(const Store& store, const Cart& c, std::int64_t index) {
  json::array lines;
  std::vector<std::string> keys;
  std::int64_t subtotal = 0;
  for (const auto& l : c.lines) {
    subtotal += l.unit_price * l.quantity;
    lines.push_back(
        json::object{{"__typename", "AbandonedCheckoutLineItem"},
                     {"id", gid("AbandonedCheckoutLineItem", sid(Kind::line, l.id))},
                     {"title", l.name},
                     {"quantity", l.quantity},
                     {"sku", l.sku},
                     {"originalUnitPriceSet", money_bag(store, l.unit_price)},
                     {"originalTotalPriceSet", money_bag(store, l.unit_price * l.quantity)}});
    keys.push_back(std::to_string(l.id));
  }
  return json::object{{"__typename", "AbandonedCheckout"},
                      {"id", gid("AbandonedCheckout", sid(Kind::checkout, index))},
                      {"name", "#" + std::to_string(index)},
                      {"abandonedCheckoutUrl",
                       "https://" + store.id + ".myshopify.com/checkouts/" + c.token + "/recover"},
                      {"completedAt", c.state == CartState::converted ? json::value(utc(c.updated))
                                                                      : json::value(nullptr)},
                      {"createdAt", utc(c.created)},
                      {"updatedAt", utc(c.updated)},
                      {"customer", c.customer_id ? json::value(customer_ref(store, c.customer_id))
                                                 : json::value(nullptr)},
                      {"billingAddress", nullptr},
                      {"shippingAddress", nullptr},
                      {"lineItems", graphql::connection(std::move(lines), std::move(keys))},
                      {"subtotalPriceSet", money_bag(store, subtotal)},
                      {"totalPriceSet", money_bag(store, subtotal)},
                      {"totalTaxSet", money_bag(store, 0)},
                      {"totalDiscountSet", money_bag(store, 0)},
                      {"discountCodes", json::array{}},
                      {"taxesIncluded", false},
                      {"note", nullptr}};
}

json::object webhook_node(const Subscription& s) {
  return json::object{
      {"__typename", "WebhookSubscription"},
      {"id", gid("WebhookSubscription", sid(Kind::webhook, s.id))},
      {"legacyResourceId", std::to_string(sid(Kind::webhook, s.id))},
      {"topic", s.name},  // the GraphQL enum (ORDERS_CREATE); s.topic holds orders/create
      {"uri", s.url},
      {"callbackUrl", s.url},
      {"endpoint", json::object{{"__typename", "WebhookHttpEndpoint"}, {"callbackUrl", s.url}}},
      {"format", "JSON"},
      {"createdAt", utc(s.created)},
      {"updatedAt", utc(s.updated)}};
}

// ---- REST shapes (webhook payloads) --------------------------------------------------------

json::object order_rest(const Store& store, const Order& o) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  const auto m = [&](std::int64_t v) { return decimal(v, digits); };
  const auto set = [&](std::int64_t v) {
    const json::object money{{"amount", m(v)}, {"currency_code", store.currency}};
    return json::object{{"shop_money", money}, {"presentment_money", money}};
  };
  const int off = store.utc_offset_minutes;
  json::array lines;
  for (const auto& l : o.lines) {
    lines.push_back(json::object{
        {"id", sid(Kind::line, l.id)},
        {"admin_graphql_api_id", gid("LineItem", sid(Kind::line, l.id))},
        {"name", l.name},
        {"title", l.name},
        {"quantity", l.quantity},
        {"sku", l.sku},
        {"price", m(l.unit_price)},
        {"price_set", set(l.unit_price)},
        {"total_discount", m(l.discount)},
        {"product_id", sid(Kind::product, l.product_id)},
        {"variant_id",
         l.variant_id ? json::value(sid(Kind::variant, l.variant_id)) : json::value(nullptr)},
        {"fulfillable_quantity", o.fulfilled_quantity >= o.quantity() ? 0 : l.quantity},
        {"tax_lines", json::array{json::object{{"title", "Tax"}, {"price", m(l.tax)}}}}});
  }
  json::array codes;
  if (!o.coupon.empty()) {
    codes.push_back(
        json::object{{"code", o.coupon}, {"amount", m(o.discount())}, {"type", "percentage"}});
  }
  // REST's fulfillment_status says what shipped: null, partial or fulfilled (no hold).
  json::value fulfillment_rest = o.fulfilled_quantity <= 0              ? json::value(nullptr)
                                 : o.fulfilled_quantity >= o.quantity() ? json::value("fulfilled")
                                                                        : json::value("partial");
  std::string financial = financial_status(o);
  for (auto& c : financial)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto local = [&](const std::optional<Time>& t) {
    return t ? json::value(iso_offset(*t, off)) : json::value(nullptr);
  };
  json::value customer_value = nullptr;
  if (o.customer_id) {
    const Customer* c = store.find_customer(o.customer_id);
    customer_value =
        json::object{{"id", sid(Kind::customer, o.customer_id)},
                     {"email", c ? c->email : o.email},
                     {"first_name", c ? c->first_name : ""},
                     {"last_name", c ? c->last_name : ""},
                     {"admin_graphql_api_id", gid("Customer", sid(Kind::customer, o.customer_id))}};
  }
  return json::object{
      {"id", sid(Kind::order, o.id)},
      {"admin_graphql_api_id", gid("Order", sid(Kind::order, o.id))},
      {"name", "#" + o.number},
      {"order_number", std::stoll(o.number)},
      {"number", std::stoll(o.number) - 1000},
      {"email", o.email},
      {"contact_email", o.email},
      {"created_at", iso_offset(o.created, off)},
      {"updated_at", iso_offset(o.updated, off)},
      {"processed_at", iso_offset(o.created, off)},
      {"cancelled_at", local(o.cancelled_at)},
      {"cancel_reason", o.cancelled_at ? json::value("customer") : json::value(nullptr)},
      {"closed_at", local(o.completed_at)},
      {"currency", o.currency},
      {"presentment_currency", o.currency},
      {"total_price", m(o.total())},
      {"total_price_set", set(o.total())},
      {"subtotal_price", m(o.subtotal() - o.discount())},
      {"total_line_items_price", m(o.subtotal())},
      {"total_tax", m(o.line_tax() + o.shipping_tax)},
      {"total_discounts", m(o.discount())},
      {"total_shipping_price_set", set(o.shipping_total + o.shipping_tax)},
      {"financial_status", financial},
      {"fulfillment_status", fulfillment_rest},
      {"customer", customer_value},
      {"billing_address", address_rest(o.billing)},
      {"shipping_address", address_rest(o.shipping)},
      {"line_items", std::move(lines)},
      {"discount_codes", std::move(codes)},
      {"refunds", json::array{}},
      {"note", o.note.empty() ? json::value(nullptr) : json::value(o.note)},
      {"tags", ""},
      {"test", false},
      {"confirmed", true}};
}

json::object customer_rest(const Store& store, const Customer& c) {
  const int off = store.utc_offset_minutes;
  return json::object{{"id", sid(Kind::customer, c.id)},
                      {"admin_graphql_api_id", gid("Customer", sid(Kind::customer, c.id))},
                      {"email", c.email},
                      {"first_name", c.first_name},
                      {"last_name", c.last_name},
                      {"phone", c.phone},
                      {"created_at", iso_offset(c.created, off)},
                      {"updated_at", iso_offset(c.updated, off)},
                      {"state", "enabled"},
                      {"default_address", address_rest(c.billing)},
                      {"addresses", json::array{address_rest(c.billing)}}};
}

json::object product_rest(const Store& store, const Product& p) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  const int off = store.utc_offset_minutes;
  json::array variants;
  const auto variant = [&](std::int64_t id, const std::string& sku, const std::string& title,
                           std::int64_t price, std::optional<std::int64_t> compare_at,
                           std::int64_t stock) {
    variants.push_back(json::object{
        {"id", sid(Kind::variant, id)},
        {"product_id", sid(Kind::product, p.id)},
        {"sku", sku},
        {"title", title},
        {"price", decimal(price, digits)},
        {"compare_at_price", compare_at ? json::value(decimal(*compare_at, digits)) : nullptr},
        {"inventory_quantity", stock}});
  };
  if (p.variants.empty()) {
    variant(p.id * 100, p.sku, "Default Title", p.price, p.compare_at, p.stock);
  }
  for (const auto& v : p.variants)
    variant(v.id, v.sku, v.name, v.price, v.compare_at, v.stock);
  return json::object{{"id", sid(Kind::product, p.id)},
                      {"admin_graphql_api_id", gid("Product", sid(Kind::product, p.id))},
                      {"title", p.name},
                      {"handle", "product-" + std::to_string(p.id)},
                      {"status", p.status == ProductStatus::active  ? "active"
                                 : p.status == ProductStatus::draft ? "draft"
                                                                    : "archived"},
                      {"created_at", iso_offset(p.created, off)},
                      {"updated_at", iso_offset(p.updated, off)},
                      {"variants", std::move(variants)}};
}

// carts/create and carts/update: prices as strings plus *_set money bags, like Shopify's.
json::object cart_rest(const Store& store, const Cart& c) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  const int off = store.utc_offset_minutes;
  const auto set = [&](std::int64_t v) {
    const json::object money{{"amount", decimal(v, digits)}, {"currency_code", store.currency}};
    return json::object{{"shop_money", money}, {"presentment_money", money}};
  };
  json::array lines;
  for (const auto& l : c.lines) {
    const std::int64_t variant = l.variant_id ? l.variant_id : l.product_id * 100;
    const std::int64_t line_price = l.unit_price * l.quantity;
    lines.push_back(json::object{
        {"id", sid(Kind::variant, variant)},
        {"key", std::to_string(sid(Kind::variant, variant)) + ":" + std::to_string(l.id)},
        {"product_id", sid(Kind::product, l.product_id)},
        {"variant_id", sid(Kind::variant, variant)},
        {"sku", l.sku},
        {"title", l.name},
        {"quantity", l.quantity},
        {"properties", json::object{}},
        {"discounts", json::array{}},
        {"taxable", true},
        {"price", decimal(l.unit_price, digits)},
        {"original_price", decimal(l.unit_price, digits)},
        {"discounted_price", decimal(l.unit_price, digits)},
        {"line_price", decimal(line_price, digits)},
        {"original_line_price", decimal(line_price, digits)},
        {"total_discount", decimal(0, digits)},
        {"price_set", set(l.unit_price)},
        {"line_price_set", set(line_price)},
        {"original_line_price_set", set(line_price)},
        {"total_discount_set", set(0)}});
  }
  return json::object{{"id", c.token},
                      {"token", c.token},
                      {"line_items", std::move(lines)},
                      {"note", nullptr},
                      {"created_at", iso_offset(c.created, off)},
                      {"updated_at", iso_offset(c.updated, off)}};
}

json::object checkout_rest(const Store& store, const Cart& c, std::int64_t index) {
  const int digits = cartgate::minor_unit_digits(store.currency);
  const int off = store.utc_offset_minutes;
  json::array lines;
  std::int64_t subtotal = 0;
  for (const auto& l : c.lines) {
    subtotal += l.unit_price * l.quantity;
    lines.push_back(json::object{
        {"key", std::to_string(l.id)},
        {"product_id", sid(Kind::product, l.product_id)},
        {"variant_id", sid(Kind::variant, l.variant_id ? l.variant_id : l.product_id * 100)},
        {"sku", l.sku},
        {"title", l.name},
        {"quantity", l.quantity},
        {"price", decimal(l.unit_price, digits)},
        {"line_price", decimal(l.unit_price * l.quantity, digits)}});
  }
  const bool completed = c.state == CartState::converted;
  json::object out{
      {"id", sid(Kind::checkout, index)},
      {"token", c.token},
      {"cart_token", c.token},
      {"email", c.email.empty() ? json::value(nullptr) : json::value(c.email)},
      {"name", "#" + std::to_string(index)},
      {"abandoned_checkout_url",
       "https://" + store.id + ".myshopify.com/checkouts/" + c.token + "/recover"},
      {"currency", store.currency},
      {"presentment_currency", store.currency},
      {"line_items", std::move(lines)},
      {"subtotal_price", decimal(subtotal, digits)},
      {"total_line_items_price", decimal(subtotal, digits)},
      {"total_discounts", decimal(0, digits)},
      {"total_tax", decimal(0, digits)},
      {"total_price", decimal(subtotal, digits)},
      {"taxes_included", false},
      {"created_at", iso_offset(c.created, off)},
      {"updated_at", iso_offset(c.updated, off)},
      {"completed_at", completed ? json::value(iso_offset(c.updated, off)) : json::value(nullptr)},
      {"closed_at", nullptr}};
  if (c.customer_id != 0) {
    if (const Customer* owner = store.find_customer(c.customer_id)) {
      out["customer"] = customer_rest(store, *owner);
    }
  }
  return out;
}

}  // namespace sandbox::shop
