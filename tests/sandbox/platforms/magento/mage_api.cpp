// Magento 2 REST routes: /rest[/<store code>]/V1/{orders, customers/search, products,
// carts/search, carts/<id>[/totals], integration/admin/token}, with searchCriteria lists
// {items, search_criteria, total_count}.
#include "platforms/magento/mage_api.hpp"

#include <charconv>
#include <functional>

#include <boost/json/parse.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "common/php_json.hpp"
#include "platforms/magento/mage_auth.hpp"
#include "platforms/magento/mage_customer_writes.hpp"
#include "platforms/magento/mage_product_writes.hpp"
#include "platforms/magento/mage_render.hpp"
#include "platforms/magento/mage_reply.hpp"
#include "platforms/magento/mage_shipments.hpp"
#include "platforms/magento/mage_writes.hpp"
#include "platforms/magento/search_criteria.hpp"

namespace sandbox::mage {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

Response no_such(const std::string& field, const std::string& value) {
  return error(404, "No such entity with %fieldName = %fieldValue",
               json::object{{"fieldName", field}, {"fieldValue", value}});
}

// One entity type's list: filter, sort and page it the way a Magento repository's getList does.
template <class T>
Response search(
    const std::vector<const T*>& all, const SearchCriteria& c,
    const std::vector<std::string>& known,
    const std::function<std::optional<std::string>(const T&, const std::string&)>& field,
    const std::function<json::object(const T&)>& render, const Store& store) {
  // Filtering on a field the entity does not have is an error, not an empty result.
  for (const auto& group : c.groups) {
    for (const auto& f : group) {
      if (std::find(known.begin(), known.end(), f.field) == known.end()) {
        return error(400, "\"%fieldName\" is not a valid filter field.",
                     json::object{{"fieldName", f.field}});
      }
    }
  }
  std::vector<const T*> items;
  for (const T* x : all) {
    bool keep = true;
    for (const auto& group : c.groups) {
      bool any = false;
      for (const auto& f : group)
        any = any || matches(f, field(*x, f.field));
      keep = keep && any;
    }
    if (keep) items.push_back(x);
  }
  for (auto it = c.sort.rbegin(); it != c.sort.rend(); ++it) {
    const bool desc = it->direction == "DESC" || it->direction == "desc";
    const std::string name = it->field;
    std::stable_sort(items.begin(), items.end(), [&](const T* a, const T* b) {
      const auto x = field(*a, name).value_or("");
      const auto y = field(*b, name).value_or("");
      double nx = 0, ny = 0;
      auto [px, ex] = std::from_chars(x.data(), x.data() + x.size(), nx);
      auto [py, ey] = std::from_chars(y.data(), y.data() + y.size(), ny);
      if (ex == std::errc() && ey == std::errc() && px == x.data() + x.size() &&
          py == y.data() + y.size()) {
        return desc ? nx > ny : nx < ny;
      }
      return desc ? x > y : x < y;
    });
  }
  const auto total = static_cast<std::int64_t>(items.size());
  std::int64_t size = total;
  std::int64_t first = 0;
  if (c.page_size && *c.page_size > 0) {
    size = *c.page_size;
    first = (c.current_page - 1) * size;  // past the end: no items (2.4.x)
  }
  if (store.settings.count("input_limit_enabled") &&
      store.settings.at("input_limit_enabled") == "true") {
    if (!c.page_size) {
      size = 20;
      first = (c.current_page - 1) * size;
    } else if (*c.page_size > 300) {
      return error(400, "Maximum SearchCriteria pageSize is %max", json::object{{"max", 300}});
    }
  }
  json::array out;
  for (std::int64_t i = first; i < std::min(total, first + size); ++i) {
    out.push_back(render(*items[static_cast<std::size_t>(i)]));
  }
  return reply(
      200, json::object{
               {"items", std::move(out)}, {"search_criteria", echo(c)}, {"total_count", total}});
}

std::optional<std::string> order_field(const Order& o, const std::string& f) {
  const auto [state, status] = state_and_status(o);
  if (f == "entity_id") return std::to_string(o.id);
  if (f == "increment_id") return std::to_string(o.id);
  if (f == "state") return state;
  if (f == "status") return status;
  if (f == "created_at") return sql_datetime(o.created);
  if (f == "updated_at") return sql_datetime(o.updated);
  if (f == "customer_email") return o.email;
  if (f == "customer_id")
    return o.customer_id ? std::optional(std::to_string(o.customer_id)) : std::nullopt;
  if (f == "customer_is_guest") return o.customer_id == 0 ? "1" : "0";
  if (f == "store_id") return "1";
  if (f == "order_currency_code") return o.currency;
  return std::nullopt;
}

std::optional<std::string> customer_field(const Customer& c, const std::string& f) {
  if (f == "entity_id" || f == "id") return std::to_string(c.id);
  if (f == "email") return c.email;
  if (f == "firstname") return c.first_name;
  if (f == "lastname") return c.last_name;
  if (f == "created_at") return sql_datetime(c.created);
  if (f == "updated_at") return sql_datetime(c.updated);
  if (f == "group_id" || f == "website_id" || f == "store_id") return "1";
  return std::nullopt;
}

std::optional<std::string> product_field(const Product& p, const std::string& f) {
  if (f == "entity_id" || f == "id") return std::to_string(p.id);
  if (f == "sku") return p.sku;
  if (f == "name") return p.name;
  if (f == "status") return p.status == ProductStatus::active ? "1" : "2";
  if (f == "type_id") return p.variants.empty() ? "simple" : "configurable";
  if (f == "created_at") return sql_datetime(p.created);
  if (f == "updated_at") return sql_datetime(p.updated);
  return std::nullopt;
}

// Only columns of the quote table filter (whether others do is UNCONFIRMED; they do not here).
std::optional<std::string> cart_field(const Cart& c, const std::string& f) {
  if (f == "entity_id" || f == "id") return c.id;
  if (f == "is_active") return c.state == CartState::converted ? "0" : "1";
  if (f == "items_count") return std::to_string(c.lines.size());
  if (f == "customer_email") return c.email.empty() ? std::nullopt : std::optional(c.email);
  if (f == "customer_id")
    return c.customer_id ? std::optional(std::to_string(c.customer_id)) : std::nullopt;
  if (f == "customer_is_guest") return c.customer_id == 0 ? "1" : "0";
  if (f == "created_at") return sql_datetime(c.created);
  if (f == "updated_at") return sql_datetime(c.updated);
  return std::nullopt;
}

template <class T>
std::vector<const T*> pointers(const std::vector<T>& v) {
  std::vector<const T*> out;
  for (const auto& x : v)
    out.push_back(&x);
  return out;
}

}  // namespace

Response handle(Store& store, const Request& req, std::string_view route, std::string_view url,
                Time now) {
  // /rest/V1/..., /rest/<store code>/V1/... (default, all, a store view code).
  if (!route.starts_with("/rest/")) return error(404, "Request does not match any route.");
  std::string_view rest = route.substr(5);
  if (!rest.starts_with("/V1/")) {
    const auto slash = rest.find('/', 1);
    if (slash == std::string_view::npos) return error(404, "Request does not match any route.");
    rest = rest.substr(slash);
  }
  if (!rest.starts_with("/V1/")) return error(404, "Request does not match any route.");
  const std::string path(rest.substr(4));

  if (path == "integration/admin/token" && req.method == "POST") {
    boost::system::error_code ec;
    const auto body = json::parse(req.body, ec);
    const auto* o = !ec && body.is_object() ? &body.as_object() : nullptr;
    const auto text = [&](const char* k) {
      const auto* v = o ? o->if_contains(k) : nullptr;
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    auto token = issue_admin_token(store, text("username"), text("password"), now);
    if (!token) {
      return error(401,
                   "The account sign-in was incorrect or your account is disabled temporarily. "
                   "Please wait and try again later.");
    }
    return reply(200, json::value(*token));  // a JSON string
  }

  if (auto added = customer_create(store, req, path, now)) return *added;
  const auto auth = authenticate(store, req, url, now);
  if (!auth.authenticated) {
    if (auth.message.find("%resources") != std::string::npos) {
      return error(401, auth.message, json::object{{"resources", "Magento_Sales::actions_view"}});
    }
    return error(401, auth.message);
  }
  if (auto acted = order_action(store, req, path, now)) return *acted;
  if (auto shipped = ship_order(store, req, path, now)) return *shipped;
  if (auto saved = product_write(store, req, path, now)) return *saved;
  if (auto saved = customer_write(store, req, path, now)) return *saved;
  if (req.method != "GET") return error(404, "Request does not match any route.");

  std::string problem;
  const auto criteria = parse_search_criteria(php_query(req.query), problem);
  if (!criteria) return error(400, problem);

  if (path == "orders") {
    return search<Order>(
        pointers(store.orders), *criteria,
        {"entity_id", "increment_id", "state", "status", "created_at", "updated_at",
         "customer_email", "customer_id", "customer_is_guest", "store_id", "order_currency_code"},
        order_field, [&](const Order& o) { return render_order(store, o); }, store);
  }
  if (path == "customers/search") {
    return search<Customer>(
        pointers(store.customers), *criteria,
        {"entity_id", "id", "email", "firstname", "lastname", "created_at", "updated_at",
         "group_id", "website_id", "store_id"},
        customer_field, [&](const Customer& c) { return render_customer(store, c); }, store);
  }
  if (path == "products") {
    return search<Product>(
        pointers(store.products), *criteria,
        {"entity_id", "id", "sku", "name", "status", "type_id", "created_at", "updated_at"},
        product_field, [&](const Product& p) { return render_product(store, p); }, store);
  }
  if (path == "carts/search") {
    return search<Cart>(
        pointers(store.carts), *criteria,
        {"entity_id", "id", "is_active", "items_count", "customer_email", "customer_id",
         "customer_is_guest", "created_at", "updated_at"},
        cart_field, [&](const Cart& c) { return render_cart(store, c); }, store);
  }
  if (path == "shipments" || path.starts_with("shipment/")) {
    if (auto refused = denied(store, "Magento_Sales::shipment")) return *refused;
  }
  if (path == "shipments") {
    const auto all = all_shipments(store);
    return search<ShipmentOf>(
        pointers(all), *criteria, shipment_fields(), shipment_field,
        [](const ShipmentOf& s) { return render_shipment(*s.order, *s.shipment); }, store);
  }
  if (path.starts_with("shipment/")) {
    std::int64_t id = 0;
    if (parse_int(std::string_view(path).substr(9), id)) {
      for (const auto& s : all_shipments(store)) {
        if (s.shipment->id == id) return reply(200, render_shipment(*s.order, *s.shipment));
      }
    }
    return not_found_entity();
  }
  if (path.starts_with("orders/")) {
    std::int64_t id = 0;
    const std::string text = path.substr(7);
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    const Order* o =
        ec == std::errc() && p == text.data() + text.size() ? store.find_order(id) : nullptr;
    if (o == nullptr) return not_found_entity();
    return reply(200, render_order(store, *o));
  }
  if (path.starts_with("customers/")) {
    std::int64_t id = 0;
    const std::string text = path.substr(10);
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    const Customer* c = ec == std::errc() ? store.find_customer(id) : nullptr;
    if (c == nullptr) return no_such("customerId", text);
    return reply(200, render_customer(store, *c));
  }
  if (path.starts_with("products/")) {
    const std::string sku = path.substr(9);
    for (const auto& p : store.products) {
      if (p.sku == sku) return reply(200, render_product(store, p));
    }
    return error(404,
                 "The product that was requested doesn't exist. Verify the product and try again.");
  }
  if (path.starts_with("carts/")) {
    std::string id = path.substr(6);
    const bool totals = id.ends_with("/totals");
    if (totals) id.resize(id.size() - 7);
    Cart* cart = store.find_cart(id);
    if (cart == nullptr) return no_such("cartId", id);
    // CartTotalRepository::get() loads the quote with getActive(): a converted cart is no
    // such entity there, though GET carts/<id> (CartRepository::get) still shows it.
    if (totals && cart->state == CartState::converted) return no_such("cartId", id);
    return reply(200, totals ? render_totals(store, *cart) : render_cart(store, *cart));
  }
  return error(404, "Request does not match any route.");
}

}  // namespace sandbox::mage
