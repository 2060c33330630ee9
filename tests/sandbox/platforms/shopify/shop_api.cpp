// Shopify GraphQL Admin API: POST /admin/api/<version>/graphql.json with
// X-Shopify-Access-Token. Calculated query cost against a leaky bucket per store (default 2000
// points, 100 restored per second), extensions.cost on every answer, THROTTLED as HTTP 200 (or
// 429, a store setting), MAX_COST_EXCEEDED over 1000 points per query.
#include "platforms/shopify/shop_api.hpp"

#include <charconv>
#include <cstdio>
#include <functional>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include "common/format.hpp"
#include "common/php_json.hpp"
#include "graphql/graphql.hpp"
#include "platforms/shopify/shop_customer_writes.hpp"
#include "platforms/shopify/shop_fulfillments.hpp"
#include "platforms/shopify/shop_holds.hpp"
#include "platforms/shopify/shop_product_writes.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "platforms/shopify/shop_search.hpp"
#include "platforms/shopify/shop_webhooks.hpp"
#include "platforms/shopify/shop_writes.hpp"

namespace sandbox::shop {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;
using namespace std::chrono;

namespace {

constexpr int kMaxQueryCost = 1000;

Response reply(int status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json_encode(body, JsonStyle::fractional_doubles);
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}

constexpr std::string_view kOldestSupported = "2025-01";

// The version a request is served in (shopify.dev, "API versioning"): a supported release as
// asked; a release no longer supported falls forward to the oldest supported one (the answer's
// X-Shopify-API-Version says which); anything else (no such release, a future one) is 404.
std::optional<std::string> served_version(std::string_view v) {
  if (v == "unstable") return std::string(v);
  if (v.size() != 7 || v[4] != '-') return std::nullopt;
  int year = 0, month = 0;
  auto [y_end, y_ec] = std::from_chars(v.data(), v.data() + 4, year);
  auto [m_end, m_ec] = std::from_chars(v.data() + 5, v.data() + 7, month);
  if (y_ec != std::errc() || m_ec != std::errc() || y_end != v.data() + 4 ||
      m_end != v.data() + 7 || !(month == 1 || month == 4 || month == 7 || month == 10)) {
    return std::nullopt;
  }
  const int stamp = year * 100 + month;
  if (stamp > 202610) return std::nullopt;
  if (stamp < 202501) return std::string(kOldestSupported);
  return std::string(v);
}

// An app without approval for protected customer data (store setting
// protected_customer_data=none): Customer and MailingAddress objects, and the buyer's email and
// phone on orders and checkouts, come back null with ACCESS_DENIED errors, the rest of the
// answer intact (shopify.dev "Protected customer data"; the messages as apps report them).
std::function<std::optional<std::string>(std::string_view, std::string_view, const json::value&)>
withhold_protected_customer_data(const Store& store) {
  const std::string where =
      " See https://partners.shopify.com/" + store.id + "/apps/1/customer_data for more details.";
  return [where](std::string_view type, std::string_view field,
                 const json::value& value) -> std::optional<std::string> {
    if (const auto* o = value.if_object()) {
      const auto* t = o->if_contains("__typename");
      if (t != nullptr && t->is_string() &&
          (t->get_string() == "Customer" || t->get_string() == "MailingAddress")) {
        return "This app is not approved to access the " + std::string(t->get_string()) +
               " object." + where;
      }
      return std::nullopt;
    }
    if ((type == "Order" || type == "AbandonedCheckout") &&
        (field == "email" || field == "phone")) {
      return "This app is not approved to use the " + std::string(field) + " field." + where;
    }
    return std::nullopt;
  };
}

std::vector<std::string> access_scopes(const Store& st);

// An app without a read_*_fulfillment_orders scope: an order's fulfillmentOrders is null with
// an ACCESS_DENIED error; with protected_customer_data=none, the customer data as above.
std::function<std::optional<std::string>(std::string_view, std::string_view, const json::value&)>
withhold(const Store& store) {
  const bool fulfillment_orders = reads_fulfillment_orders(access_scopes(store));
  std::function<std::optional<std::string>(std::string_view, std::string_view, const json::value&)>
      customer_data;
  if (auto s = store.settings.find("protected_customer_data");
      s != store.settings.end() && s->second == "none") {
    customer_data = withhold_protected_customer_data(store);
  }
  return
      [fulfillment_orders, customer_data](std::string_view type, std::string_view field,
                                          const json::value& value) -> std::optional<std::string> {
        if (!fulfillment_orders && type == "Order" && field == "fulfillmentOrders") {
          return "Access denied for fulfillmentOrders field. Required access: "
                 "`read_assigned_fulfillment_orders` access scope, "
                 "`read_merchant_managed_fulfillment_orders` access scope or "
                 "`read_third_party_fulfillment_orders` access scope.";
        }
        return customer_data ? customer_data(type, field, value) : std::nullopt;
      };
}

double setting(const Store& store, const char* name, double fallback) {
  auto it = store.settings.find(name);
  if (it == store.settings.end()) return fallback;
  return std::strtod(it->second.c_str(), nullptr);
}

// The store's cost bucket, refilled for the time elapsed.
double& refill(Store& store, double capacity, double rate) {
  const auto now = steady_clock::now();
  if (store.cost_available < 0) {
    store.cost_available = capacity;
  } else {
    const double seconds = duration<double>(now - store.cost_updated).count();
    store.cost_available = std::min(capacity, store.cost_available + seconds * rate);
  }
  store.cost_updated = now;
  return store.cost_available;
}

json::object cost_extension(json::value requested, json::value actual, double capacity,
                            double available, double rate) {
  return json::object{
      {"cost", json::object{{"requestedQueryCost", requested},
                            {"actualQueryCost", actual},
                            {"throttleStatus", json::object{{"maximumAvailable", capacity},
                                                            {"currentlyAvailable",
                                                             static_cast<std::int64_t>(available)},
                                                            {"restoreRate", rate}}}}}};
}

std::string pad(std::int64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016lld", static_cast<long long>(v));
  return buf;
}

std::string utc(Time t) {
  return iso_local(t) + "Z";
}

// Legacy id from "gid://shopify/Order/123" (or a bare number).
std::optional<std::int64_t> legacy(const json::value* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string_view s = v->as_string();
  const auto slash = s.rfind('/');
  if (slash != std::string_view::npos) s = s.substr(slash + 1);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return id;
}

struct Sorted {
  json::array nodes;
  std::vector<std::string> keys;
};

// Filters by the search query and sorts by sortKey, keys padded so text order is sort order.
template <class T>
Sorted listing(const std::vector<T>& items, const json::object& args,
               const std::function<std::optional<std::string>(const T&, const std::string&)>& field,
               const std::function<std::string(const T&, const std::string&)>& sort_value,
               const std::function<std::int64_t(const T&)>& id_of,
               const std::function<json::object(const T&)>& node) {
  Query q;
  if (const auto* query = args.if_contains("query"); query && query->is_string()) {
    q = parse_query(query->as_string());
  }
  std::string sort_key = "ID";
  if (const auto* k = args.if_contains("sortKey"); k && k->is_string()) sort_key = k->as_string();
  std::vector<std::pair<std::string, const T*>> keyed;
  for (const auto& item : items) {
    if (!matches(q, [&](const std::string& f) { return field(item, f); })) continue;
    keyed.emplace_back(sort_value(item, sort_key) + "|" + pad(id_of(item)), &item);
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  Sorted out;
  for (const auto& [key, item] : keyed) {
    out.nodes.push_back(node(*item));
    out.keys.push_back(key);
  }
  return out;
}

std::optional<std::string> order_field(const Order& o, const std::string& f) {
  if (f == "created_at") return utc(o.created);
  if (f == "updated_at") return utc(o.updated);
  if (f == "processed_at") return utc(o.created);
  if (f == "email") return o.email;
  if (f == "name") return "#" + o.number;
  if (f == "id") return std::to_string(sid(Kind::order, o.id));
  if (f == "customer_id")
    return std::to_string(o.customer_id ? sid(Kind::customer, o.customer_id) : 0);
  if (f == "status") {
    if (o.cancelled_at) return "cancelled";
    return (o.state == OrderState::completed || o.state == OrderState::refunded) ? "closed"
                                                                                 : "open";
  }
  if (f == "financial_status") {
    std::string s = financial_status(o);
    for (auto& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  if (f == "fulfillment_status") {
    // By what was shipped: a hold is no shipment.
    if (o.fulfilled_quantity <= 0) return "unshipped";
    return o.fulfilled_quantity < o.quantity() ? "partial" : "shipped";
  }
  if (f.empty())
    return o.email + " #" + o.number + " " + o.billing.first_name + " " + o.billing.last_name;
  return std::nullopt;
}

std::string order_sort(const Order& o, const std::string& key) {
  if (key == "CREATED_AT" || key == "PROCESSED_AT")
    return pad(o.created.time_since_epoch().count());
  if (key == "UPDATED_AT") return pad(o.updated.time_since_epoch().count());
  if (key == "TOTAL_PRICE") return pad(o.total());
  if (key == "ORDER_NUMBER") return pad(o.id);
  return "";  // ID and RELEVANCE: by id alone
}

std::optional<std::string> customer_field(const Customer& c, const std::string& f) {
  if (f == "created_at") return utc(c.created);
  if (f == "updated_at") return utc(c.updated);
  if (f == "email") return c.email;
  if (f == "first_name") return c.first_name;
  if (f == "last_name") return c.last_name;
  if (f == "state") return "enabled";
  if (f == "id") return std::to_string(sid(Kind::customer, c.id));
  if (f.empty()) return c.email + " " + c.first_name + " " + c.last_name;
  return std::nullopt;
}

std::string customer_sort(const Customer& c, const std::string& key) {
  if (key == "CREATED_AT") return pad(c.created.time_since_epoch().count());
  if (key == "UPDATED_AT") return pad(c.updated.time_since_epoch().count());
  if (key == "NAME") return c.last_name + " " + c.first_name;
  return "";
}

std::optional<std::string> product_field(const Product& p, const std::string& f) {
  if (f == "created_at") return utc(p.created);
  if (f == "updated_at") return utc(p.updated);
  if (f == "title") return p.name;
  if (f == "sku") return p.sku;
  if (f == "id") return std::to_string(sid(Kind::product, p.id));
  if (f == "status") {
    return p.status == ProductStatus::active  ? "active"
           : p.status == ProductStatus::draft ? "draft"
                                              : "archived";
  }
  if (f.empty()) return p.name + " " + p.sku;
  return std::nullopt;
}

std::string product_sort(const Product& p, const std::string& key) {
  if (key == "CREATED_AT") return pad(p.created.time_since_epoch().count());
  if (key == "UPDATED_AT") return pad(p.updated.time_since_epoch().count());
  if (key == "TITLE") return p.name;
  return "";
}

// ordersCount / customersCount / productsCount: a Count {count, precision}, counted up to
// `limit` (default 10000; beyond it the precision is AT_LEAST), as the Admin API does.
template <class T>
json::object count_of(
    const std::vector<T>& items, const json::object& args,
    const std::function<std::optional<std::string>(const T&, const std::string&)>& field) {
  Query q;
  if (const auto* query = args.if_contains("query"); query && query->is_string()) {
    q = parse_query(query->as_string());
  }
  std::int64_t limit = 10000;
  if (const auto* l = args.if_contains("limit"); l && l->is_int64()) limit = l->as_int64();
  if (const auto* l = args.if_contains("limit"); l && l->is_null()) limit = 0;  // no limit
  std::int64_t n = 0;
  for (const auto& item : items) {
    if (matches(q, [&](const std::string& f) { return field(item, f); })) ++n;
  }
  const bool capped = limit > 0 && n > limit;
  return json::object{{"__typename", "Count"},
                      {"count", capped ? limit : n},
                      {"precision", capped ? "AT_LEAST" : "EXACT"}};
}

struct Execution {
  Store& store;
  Dispatcher& dispatcher;
  const graphql::Request& request;
  std::string api_version;
  Time now;
  std::vector<graphql::Error> errors;
};

// The app's granted scopes (store setting access_scopes, a comma list). By default the
// sandbox's app holds read_all_orders; without it, orders created more than 60 days ago are
// invisible to it, as on Shopify.
std::vector<std::string> access_scopes(const Store& st) {
  auto it = st.settings.find("access_scopes");
  const std::string list = it != st.settings.end()
                               ? it->second
                               : "read_orders,read_all_orders,read_customers,read_products";
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto comma = list.find(',', start);
    const std::string scope =
        list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!scope.empty()) out.push_back(scope);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// The orders the app may see: all of them with read_all_orders, else the last 60 days' (copied
// into `recent`, which the answer then refers to).
const std::vector<Order>& visible_orders(const Store& st, Time now, std::vector<Order>& recent) {
  const auto scopes = access_scopes(st);
  if (std::find(scopes.begin(), scopes.end(), "read_all_orders") != scopes.end()) {
    return st.orders;
  }
  for (const auto& o : st.orders) {
    if (o.created >= now - std::chrono::days(60)) recent.push_back(o);
  }
  return recent;
}

// A root field's value in the graph (connections still unpaged).
json::value resolve_query_field(Execution& x, const graphql::Selection& s) {
  const json::object args = graphql::arguments(s, x.request.variables);
  Store& st = x.store;
  if (s.name == "currentAppInstallation") {
    json::array scopes;
    for (const auto& scope : access_scopes(st))
      scopes.push_back(json::object{{"__typename", "AccessScope"}, {"handle", scope}});
    return json::object{{"__typename", "AppInstallation"}, {"accessScopes", std::move(scopes)}};
  }
  std::vector<Order> recent;
  if (s.name == "orders") {
    auto sorted = listing<Order>(
        visible_orders(st, x.now, recent), args, order_field, order_sort,
        [](const Order& o) { return o.id; }, [&](const Order& o) { return order_node(st, o); });
    return graphql::connection(std::move(sorted.nodes), std::move(sorted.keys));
  }
  if (s.name == "customers") {
    auto sorted = listing<Customer>(
        st.customers, args, customer_field, customer_sort, [](const Customer& c) { return c.id; },
        [&](const Customer& c) { return customer_node(st, c); });
    return graphql::connection(std::move(sorted.nodes), std::move(sorted.keys));
  }
  if (s.name == "products") {
    auto sorted = listing<Product>(
        st.products, args, product_field, product_sort, [](const Product& p) { return p.id; },
        [&](const Product& p) { return product_node(st, p); });
    return graphql::connection(std::move(sorted.nodes), std::move(sorted.keys));
  }
  if (s.name == "ordersCount") {
    return count_of<Order>(visible_orders(st, x.now, recent), args, order_field);
  }
  if (s.name == "customersCount") return count_of<Customer>(st.customers, args, customer_field);
  if (s.name == "productsCount") return count_of<Product>(st.products, args, product_field);
  if (s.name == "abandonedCheckouts") {
    // Checkouts with an email, abandoned (or later completed); carts of the storefront only
    // reach apps through carts/* webhooks.
    std::vector<std::pair<const Cart*, std::int64_t>> list;
    for (std::size_t i = 0; i < st.carts.size(); ++i) {
      if (st.carts[i].state != CartState::active)
        list.emplace_back(&st.carts[i], static_cast<std::int64_t>(i) + 1);
    }
    Query q;
    if (const auto* query = args.if_contains("query"); query && query->is_string()) {
      q = parse_query(query->as_string());
    }
    json::array nodes;
    std::vector<std::string> keys;
    for (const auto& [cart, index] : list) {
      const auto field = [&](const std::string& f) -> std::optional<std::string> {
        if (f == "created_at") return utc(cart->created);
        if (f == "updated_at") return utc(cart->updated);
        if (f == "status") return cart->state == CartState::converted ? "closed" : "open";
        if (f == "email") return cart->email;
        if (f == "id") return std::to_string(sid(Kind::checkout, index));
        return std::nullopt;
      };
      if (!matches(q, field)) continue;
      nodes.push_back(checkout_node(st, *cart, index));
      keys.push_back(pad(index));
    }
    return graphql::connection(std::move(nodes), std::move(keys));
  }
  if (s.name == "order" || s.name == "customer" || s.name == "product") {
    const auto id = legacy(args.if_contains("id"));
    if (!id) return nullptr;
    if (s.name == "order") {
      for (const auto& o : visible_orders(st, x.now, recent)) {
        if (sid(Kind::order, o.id) == *id) return order_node(st, o);
      }
    } else if (s.name == "customer") {
      for (const auto& c : st.customers) {
        if (sid(Kind::customer, c.id) == *id) return customer_node(st, c);
      }
    } else {
      for (const auto& p : st.products) {
        if (sid(Kind::product, p.id) == *id) return product_node(st, p);
      }
    }
    return nullptr;
  }
  if (s.name == "productVariant") {
    // The variant as its product lists it, with the product behind it.
    const auto id = legacy(args.if_contains("id"));
    if (!id) return nullptr;
    for (const auto& p : st.products) {
      json::object product = product_node(st, p);
      for (auto& node : product.at("variants").at("__connection").as_array()) {
        if (node.at("legacyResourceId") != json::value(std::to_string(*id))) continue;
        json::object variant = std::move(node.as_object());
        product.erase("variants");
        variant["product"] = std::move(product);
        return variant;
      }
    }
    return nullptr;
  }
  if (s.name == "job") return job_node(args);
  if (s.name == "location") return location_field(args);
  if (s.name == "webhookSubscriptions") {
    json::array nodes;
    std::vector<std::string> keys;
    for (const auto& sub : st.subscriptions) {
      nodes.push_back(webhook_node(sub));
      keys.push_back(pad(sub.id));
    }
    return graphql::connection(std::move(nodes), std::move(keys));
  }
  if (s.name == "shop") {
    char offset[16];
    const int m = st.utc_offset_minutes;
    std::snprintf(offset, sizeof offset, "%c%02d%02d", m < 0 ? '-' : '+', std::abs(m) / 60,
                  std::abs(m) % 60);
    return json::object{{"__typename", "Shop"},
                        {"id", gid("Shop", 1)},
                        {"name", "Sandbox " + st.id},
                        {"myshopifyDomain", st.id + ".myshopify.com"},
                        {"currencyCode", st.currency},
                        {"timezoneOffset", offset},
                        {"ianaTimezone", "Etc/GMT" + std::string(m <= 0 ? "+" : "-") +
                                             std::to_string(std::abs(m) / 60)}};
  }
  graphql::Error e;
  e.message = "Field '" + s.name + "' doesn't exist on type 'QueryRoot'";
  e.location = s.location;
  e.path = {s.key()};
  e.extensions =
      json::object{{"code", "undefinedField"}, {"typeName", "QueryRoot"}, {"fieldName", s.name}};
  x.errors.push_back(e);
  return nullptr;
}

json::value resolve_mutation_field(Execution& x, const graphql::Selection& s) {
  const json::object args = graphql::arguments(s, x.request.variables);
  if (auto written =
          order_mutation(x.store, x.dispatcher, s, args, access_scopes(x.store), x.now, x.errors)) {
    return std::move(*written);
  }
  if (auto shipped = fulfillment_mutation(x.store, x.dispatcher, s, args, access_scopes(x.store),
                                          x.now, x.errors)) {
    return std::move(*shipped);
  }
  if (auto product = product_mutation(x.store, x.dispatcher, s, args, access_scopes(x.store), x.now,
                                      x.errors)) {
    return std::move(*product);
  }
  if (auto held =
          hold_mutation(x.store, x.dispatcher, s, args, access_scopes(x.store), x.now, x.errors)) {
    return std::move(*held);
  }
  if (auto customer = customer_mutation(x.store, x.dispatcher, s, args, access_scopes(x.store),
                                        x.now, x.errors)) {
    return std::move(*customer);
  }
  if (s.name == "webhookSubscriptionCreate" || s.name == "webhookSubscriptionDelete") {
    auto result = s.name == "webhookSubscriptionCreate"
                      ? create_subscription(x.store, args, x.api_version, x.now)
                      : delete_subscription(x.store, args);
    return result;
  }
  graphql::Error e;
  e.message = "Field '" + s.name + "' doesn't exist on type 'Mutation'";
  e.location = s.location;
  e.path = {s.key()};
  e.extensions =
      json::object{{"code", "undefinedField"}, {"typeName", "Mutation"}, {"fieldName", s.name}};
  x.errors.push_back(e);
  return nullptr;
}

Response serve(Store& store, const Request& req, const std::string& version, Dispatcher& dispatcher,
               const ApiVerdict& verdict, Time now) {
  const auto token = req.header("X-Shopify-Access-Token");
  if (!token || *token != store.credentials.at("access_token")) {
    return reply(401, json::object{{"errors",
                                    "[API] Invalid API key or access token (unrecognized login or "
                                    "wrong password)"}});
  }
  if (req.method != "POST") return reply(405, json::object{{"errors", "Method Not Allowed"}});
  if (verdict.kind == ApiVerdict::Kind::error) {
    return reply(verdict.status, json::object{{"errors", "Internal Server Error"}});
  }

  std::string query_text, operation_name;
  json::object variables;
  const auto type = req.header("Content-Type").value_or("");
  if (type.starts_with("application/graphql")) {
    query_text = req.body;
  } else {
    boost::system::error_code ec;
    const json::value body = json::parse(req.body, ec);
    if (ec || !body.is_object() || !body.as_object().contains("query") ||
        !body.as_object().at("query").is_string()) {
      return reply(
          400, json::object{
                   {"errors", json::object{{"query", "Required parameter missing or invalid"}}}});
    }
    query_text = body.at("query").as_string();
    if (const auto* v = body.as_object().if_contains("variables"); v && v->is_object())
      variables = v->as_object();
    if (const auto* n = body.as_object().if_contains("operationName"); n && n->is_string())
      operation_name = n->as_string();
  }

  const double capacity = setting(store, "bucket_size", 2000);
  const double rate = setting(store, "restore_rate", 100);
  double& available = refill(store, capacity, rate);

  graphql::Error syntax;
  auto doc = graphql::parse(query_text, syntax);
  if (!doc) return reply(200, json::object{{"errors", json::array{graphql::to_json(syntax)}}});
  auto request = graphql::prepare(*doc, operation_name, variables, syntax);
  if (!request) return reply(200, json::object{{"errors", json::array{graphql::to_json(syntax)}}});
  request->withhold = withhold(store);

  const int requested = graphql::cost(request->operation->selections, *request);
  if (requested > kMaxQueryCost) {
    return reply(
        200,
        json::object{
            {"errors", json::array{json::object{
                           {"message", "Query cost is " + std::to_string(requested) +
                                           ", which exceeds the single query max cost limit (" +
                                           std::to_string(kMaxQueryCost) + ")."},
                           {"extensions", json::object{{"code", "MAX_COST_EXCEEDED"},
                                                       {"cost", requested},
                                                       {"maxCost", kMaxQueryCost}}}}}},
            {"extensions", cost_extension(requested, nullptr, capacity, available, rate)}});
  }
  if (verdict.kind == ApiVerdict::Kind::throttled || requested > available) {
    // Shopify answers throttling with 200 and a THROTTLED error (the official client also
    // retries 429): which one is a store setting.
    const bool as_429 =
        store.settings.count("throttle_status") && store.settings.at("throttle_status") == "429";
    Response r = reply(
        as_429 ? 429 : 200,
        json::object{
            {"errors",
             json::array{json::object{
                 {"message", "Throttled"},
                 {"extensions",
                  json::object{{"code", "THROTTLED"},
                               {"documentation", "https://shopify.dev/api/usage/rate-limits"}}}}}},
            {"extensions", cost_extension(requested, nullptr, capacity, available, rate)}});
    if (as_429) {
      const double wait = std::max(1.0, (requested - available) / rate);
      r.headers.push_back({"Retry-After", std::to_string(static_cast<int>(std::ceil(wait)))});
    }
    return r;
  }
  available -= requested;

  Execution x{store, dispatcher, *request, version, now, {}};
  const bool mutation = request->operation->kind == "mutation";
  json::object data;
  std::vector<std::string> path;
  const auto roots = graphql::collect(request->operation->selections,
                                      mutation ? "Mutation" : "QueryRoot", *request);
  // A mutation's selection is checked before it runs (Shopify validates the whole document
  // first): a query for a field its answer lacks changes nothing.
  for (const graphql::Selection* s : mutation ? roots : decltype(roots){}) {
    auto shape = order_mutation_shape(store, s->name);
    if (!shape) shape = fulfillment_mutation_shape(s->name);
    if (!shape) shape = product_mutation_shape(store, s->name);
    if (!shape) shape = hold_mutation_shape(s->name);
    if (!shape) shape = customer_mutation_shape(store, s->name);
    if (shape) {
      graphql::Selection single = *s;
      single.alias.clear();
      path.clear();
      (void)graphql::project({single}, json::object{{"__typename", "Mutation"}, {s->name, *shape}},
                             *request, path, x.errors);
    }
  }
  for (const graphql::Selection* s : x.errors.empty() ? roots : decltype(roots){}) {
    if (s->name == "__typename") {
      data[s->key()] = mutation ? "Mutation" : "QueryRoot";
      continue;
    }
    const json::value value = mutation ? resolve_mutation_field(x, *s) : resolve_query_field(x, *s);
    // Project through a one-field root object so connections page and check like nested ones.
    graphql::Selection single = *s;
    single.alias.clear();
    json::object root{{"__typename", mutation ? "Mutation" : "QueryRoot"}, {s->name, value}};
    path.clear();
    json::value projected = graphql::project({single}, root, *request, path, x.errors);
    data[s->key()] = projected.as_object().contains(s->name) ? projected.as_object().at(s->name)
                                                             : json::value(nullptr);
  }
  // Withheld fields are execution errors: null in place, reported with their full path, and
  // the rest of the data stands.
  json::array withheld;
  std::erase_if(x.errors, [&](const graphql::Error& e) {
    const auto* code = e.extensions.if_contains("code");
    if (code == nullptr || !code->is_string() || code->get_string() != graphql::kAccessDenied) {
      return false;
    }
    withheld.push_back(graphql::to_json(e));
    return true;
  });
  if (!x.errors.empty()) {
    // Validation errors (unknown fields) fail the whole document, as Shopify validates first.
    // Reported once per place in the query (not per node it would have applied to).
    json::array errors;
    std::set<std::string> seen;
    for (auto e : x.errors) {
      std::erase_if(e.path, [](const std::string& p) {
        return !p.empty() &&
               std::all_of(p.begin(), p.end(), [](char c) { return c >= '0' && c <= '9'; });
      });
      const std::string where = e.message + "@" + std::to_string(e.location.line) + ":" +
                                std::to_string(e.location.column);
      if (seen.insert(where).second) errors.push_back(graphql::to_json(e));
    }
    available += requested;  // nothing ran
    return reply(200, json::object{{"errors", std::move(errors)},
                                   {"extensions", cost_extension(requested, nullptr, capacity,
                                                                 available, rate)}});
  }
  const json::value data_value = data;
  const int actual = graphql::cost(request->operation->selections, *request, &data_value);
  available = std::min(capacity, available + std::max(0, requested - actual));
  json::object answer{{"data", std::move(data)}};
  if (!withheld.empty()) answer["errors"] = std::move(withheld);
  answer["extensions"] = cost_extension(requested, actual, capacity, available, rate);
  return reply(200, std::move(answer));
}

}  // namespace

Response handle(Store& store, const Request& req, std::string_view route, Dispatcher& dispatcher,
                const ApiVerdict& verdict, Time now) {
  // /admin/api/<version>/graphql.json
  constexpr std::string_view kPrefix = "/admin/api/";
  if (!route.starts_with(kPrefix) || !route.ends_with("/graphql.json")) {
    return reply(404, json::object{{"errors", "Not Found"}});
  }
  const auto version =
      served_version(route.substr(kPrefix.size(), route.size() - kPrefix.size() - 13));
  if (!version) return reply(404, json::object{{"errors", "Not Found"}});
  Response r = serve(store, req, *version, dispatcher, verdict, now);
  r.headers.push_back({"X-Shopify-API-Version", *version});
  return r;
}

}  // namespace sandbox::shop
