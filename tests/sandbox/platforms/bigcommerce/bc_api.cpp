// BigCommerce REST management API under /stores/{store_hash}/v2 and /v3: X-Auth-Token auth,
// the store's request quota per 30 s window with X-Rate-Limit-* headers on every answer, v2
// arrays (204 with no body for an empty page), v3 {data, meta} envelopes.
#include "platforms/bigcommerce/bc_api.hpp"

#include <algorithm>
#include <charconv>

#include <cartgate/sdk/crypto.hpp>

#include "common/format.hpp"
#include "common/params.hpp"
#include "platforms/bigcommerce/bc_customer_writes.hpp"
#include "platforms/bigcommerce/bc_product_writes.hpp"
#include "platforms/bigcommerce/bc_render.hpp"
#include "platforms/bigcommerce/bc_reply.hpp"
#include "platforms/bigcommerce/bc_shipments.hpp"
#include "platforms/bigcommerce/bc_webhooks.hpp"
#include "platforms/bigcommerce/bc_writes.hpp"

namespace sandbox::bc {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

bool to_int(const std::string& s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// v2 dates: "RFC-2822 or ISO-8601".
std::optional<Time> v2_date(const std::string& s) {
  if (auto t = parse_rfc2822(s)) return t;
  return parse_iso(s);
}

struct Paging {
  std::int64_t page = 1;
  std::int64_t limit = 50;
};

// page/limit: a limit over 250 is "too many objects" (413 in the status-code guide).
std::optional<Response> read_paging(const std::vector<Param>& q, Paging& p, bool v2) {
  if (auto v = param(q, "page"); v && (!to_int(*v, p.page) || p.page < 1)) {
    return v2 ? v2_error(400, "The field 'page' is invalid.")
              : v3_error(422, "The field 'page' is invalid.");
  }
  if (auto v = param(q, "limit"); v && (!to_int(*v, p.limit) || p.limit < 1)) {
    return v2 ? v2_error(400, "The field 'limit' is invalid.")
              : v3_error(422, "The field 'limit' is invalid.");
  }
  if (p.limit > 250) {
    return v2 ? v2_error(413, "The limit parameter exceeded the maximum of 250.")
              : v3_error(413, "The limit parameter exceeded the maximum of 250.");
  }
  return std::nullopt;
}

template <class T, class Render>
Response v3_page(const std::vector<const T*>& items, const Paging& p, Render render) {
  const auto total = static_cast<std::int64_t>(items.size());
  const std::int64_t pages = std::max<std::int64_t>(1, (total + p.limit - 1) / p.limit);
  json::array data;
  const std::int64_t first = (p.page - 1) * p.limit;
  for (std::int64_t i = first; i < std::min(total, first + p.limit); ++i) {
    data.push_back(render(*items[static_cast<std::size_t>(i)]));
  }
  const auto link = [&](std::int64_t page) {
    return "?page=" + std::to_string(page) + "&limit=" + std::to_string(p.limit);
  };
  json::object links{{"current", link(p.page)}};
  if (p.page > 1) links["previous"] = link(p.page - 1);
  if (p.page < pages) links["next"] = link(p.page + 1);
  const auto count = static_cast<std::int64_t>(data.size());
  return reply(
      200, json::object{
               {"data", std::move(data)},
               {"meta", json::object{{"pagination", json::object{{"total", total},
                                                                 {"count", count},
                                                                 {"per_page", p.limit},
                                                                 {"current_page", p.page},
                                                                 {"total_pages", pages},
                                                                 {"links", std::move(links)}}}}}});
}

// A filter's comma list ("3,7,9").
std::vector<std::string> comma_list(std::string_view v) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from <= v.size();) {
    const auto comma = std::min(v.find(',', from), v.size());
    out.emplace_back(v.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

struct Ctx {
  Store& store;
  const Request& req;
  const std::vector<Param>& q;
  const std::string& base;
  Dispatcher& dispatcher;
  Time now;
};

Response v2_orders(Ctx& c) {
  Paging p;
  if (auto e = read_paging(c.q, p, true)) return *e;
  std::optional<Time> min_created, max_created, min_modified, max_modified;
  for (auto [name, slot] :
       {std::pair{"min_date_created", &min_created}, std::pair{"max_date_created", &max_created},
        std::pair{"min_date_modified", &min_modified},
        std::pair{"max_date_modified", &max_modified}}) {
    if (auto v = param(c.q, name)) {
      *slot = v2_date(*v);
      if (!*slot) return v2_error(400, std::string("The field '") + name + "' is invalid.");
    }
  }
  std::int64_t min_id = 0, max_id = INT64_MAX, customer = -1, status = -1;
  if (auto v = param(c.q, "min_id")) to_int(*v, min_id);
  if (auto v = param(c.q, "max_id")) to_int(*v, max_id);
  if (auto v = param(c.q, "customer_id")) to_int(*v, customer);
  if (auto v = param(c.q, "status_id")) to_int(*v, status);
  const auto email = param(c.q, "email");
  const std::string sort = param(c.q, "sort").value_or("id:asc");

  std::vector<const Order*> items;
  for (const auto& o : c.store.orders) {
    if (o.id < min_id || o.id > max_id) continue;
    if (customer >= 0 && o.customer_id != customer) continue;
    if (status >= 0 && status_id(o) != status) continue;
    if (email && o.email != *email) continue;
    if ((min_created && o.created < *min_created) || (max_created && o.created > *max_created) ||
        (min_modified && o.updated < *min_modified) ||
        (max_modified && o.updated > *max_modified)) {
      continue;
    }
    items.push_back(&o);
  }
  const auto colon = sort.find(':');
  const std::string field = sort.substr(0, colon);
  const bool desc = colon != std::string::npos && sort.substr(colon + 1) == "desc";
  std::stable_sort(items.begin(), items.end(), [&](const Order* a, const Order* b) {
    const auto key = [&](const Order* o) -> std::int64_t {
      if (field == "date_created") return o->created.time_since_epoch().count();
      if (field == "date_modified") return o->updated.time_since_epoch().count();
      if (field == "status_id") return status_id(*o);
      if (field == "customer_id") return o->customer_id;
      return o->id;
    };
    if (key(a) != key(b)) return desc ? key(a) > key(b) : key(a) < key(b);
    return desc ? a->id > b->id : a->id < b->id;
  });
  json::array out;
  const auto first = static_cast<std::size_t>((p.page - 1) * p.limit);
  for (std::size_t i = first; i < items.size() && i < first + static_cast<std::size_t>(p.limit);
       ++i) {
    out.push_back(render_order(c.store, *items[i], c.base));
  }
  if (out.empty()) {  // an empty page is 204 with no body
    Response r;
    r.status = 204;
    return r;
  }
  return reply(200, out);
}

Response v2(Ctx& c, const std::vector<std::string>& parts) {
  if (parts.size() == 2 && parts[0] == "orders" && c.req.method == "PUT") {
    if (auto refused = refused_by_scope(c.store, c.req.method)) return *refused;
    std::int64_t id = 0;
    if (!to_int(parts[1], id)) return v2_error(404, "The requested resource was not found.");
    return update_order(c.store, c.req, id, c.base, c.dispatcher, c.now);
  }
  if (parts.size() == 3 && parts[0] == "orders" && parts[2] == "shipments" &&
      c.req.method == "POST") {
    if (auto refused = refused_by_scope(c.store, c.req.method)) return *refused;
    std::int64_t id = 0;
    if (!to_int(parts[1], id)) return v2_error(404, "The requested resource was not found.");
    return create_shipment(c.store, c.req, id, c.base, c.dispatcher, c.now);
  }
  if (c.req.method != "GET") return v2_error(405, "The requested method is not supported.");
  if (parts.size() == 1 && parts[0] == "order_statuses") return reply(200, order_statuses());
  if (parts.empty() || parts[0] != "orders") {
    return v2_error(404, "The requested resource was not found.");
  }
  if (parts.size() == 1) return v2_orders(c);
  if (parts[1] == "count") {
    json::array statuses = order_statuses();
    for (auto& s : statuses) {
      std::int64_t n = 0;
      for (const auto& o : c.store.orders)
        n += status_id(o) == s.at("id").as_int64() ? 1 : 0;
      s.as_object()["count"] = n;
    }
    return reply(200,
                 json::object{{"statuses", std::move(statuses)}, {"count", c.store.orders.size()}});
  }
  std::int64_t id = 0;
  const Order* o = to_int(parts[1], id) ? c.store.find_order(id) : nullptr;
  if (o == nullptr) return v2_error(404, "The requested resource was not found.");
  if (parts.size() == 2) return reply(200, render_order(c.store, *o, c.base));
  if (parts[2] == "products") {
    Paging p;
    if (auto e = read_paging(c.q, p, true)) return *e;
    json::array out;
    const auto first = static_cast<std::size_t>((p.page - 1) * p.limit);
    for (std::size_t i = first;
         i < o->lines.size() && i < first + static_cast<std::size_t>(p.limit); ++i) {
      out.push_back(render_order_product(c.store, *o, o->lines[i]));
    }
    if (out.empty()) {
      Response r;
      r.status = 204;
      return r;
    }
    return reply(200, out);
  }
  if (parts[2] == "shipments" && parts.size() == 3) return list_shipments(c.store, *o, c.base);
  if (parts[2] == "shipping_addresses" || parts[2] == "shippingaddresses") {
    return reply(200, json::array{render_shipping_address(c.store, *o)});
  }
  return v2_error(404, "The requested resource was not found.");
}

Response v3_customers(Ctx& c) {
  Paging p;
  if (auto e = read_paging(c.q, p, false)) return *e;
  std::optional<Time> created_min, created_max, modified_min, modified_max;
  for (auto [name, slot] :
       {std::pair{"date_created:min", &created_min}, std::pair{"date_created:max", &created_max},
        std::pair{"date_modified:min", &modified_min},
        std::pair{"date_modified:max", &modified_max}}) {
    if (auto v = param(c.q, name)) {
      *slot = parse_iso(*v);
      if (!*slot) {
        return v3_error(422, "Invalid date",
                        json::object{{"errors", json::object{{name, "must be a date"}}}});
      }
    }
  }
  std::vector<std::string> ids, emails;
  if (auto v = param(c.q, "id:in")) ids = comma_list(*v);
  if (auto v = param(c.q, "email:in")) emails = comma_list(*v);
  std::vector<const Customer*> items;
  for (const auto& x : c.store.customers) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), std::to_string(x.id)) == ids.end())
      continue;
    if (!emails.empty() && std::find(emails.begin(), emails.end(), x.email) == emails.end())
      continue;
    if ((created_min && x.created < *created_min) || (created_max && x.created > *created_max) ||
        (modified_min && x.updated < *modified_min) ||
        (modified_max && x.updated > *modified_max)) {
      continue;
    }
    items.push_back(&x);
  }
  const std::string sort = param(c.q, "sort").value_or("");
  if (!sort.empty()) {
    const bool desc = sort.ends_with(":desc");
    std::stable_sort(items.begin(), items.end(), [&](const Customer* a, const Customer* b) {
      if (sort.starts_with("date_modified") && a->updated != b->updated) {
        return desc ? a->updated > b->updated : a->updated < b->updated;
      }
      if (sort.starts_with("date_created") && a->created != b->created) {
        return desc ? a->created > b->created : a->created < b->created;
      }
      if (sort.starts_with("last_name") && a->last_name != b->last_name) {
        return desc ? a->last_name > b->last_name : a->last_name < b->last_name;
      }
      return a->id < b->id;
    });
  }
  const bool addresses = param(c.q, "include").value_or("").find("addresses") != std::string::npos;
  return v3_page(items, p,
                 [&](const Customer& x) { return render_customer(c.store, x, addresses); });
}

Response v3_products(Ctx& c, const std::vector<std::string>& parts) {
  const bool variants = param(c.q, "include").value_or("").find("variants") != std::string::npos;
  if (parts.size() == 3) {
    std::int64_t id = 0;
    const Product* prod = to_int(parts[2], id) ? c.store.find_product(id) : nullptr;
    if (prod == nullptr) return v3_error(404, "Product not found");
    return reply(200, json::object{{"data", render_product(c.store, *prod, variants)},
                                   {"meta", json::object{}}});
  }
  Paging p;
  if (auto e = read_paging(c.q, p, false)) return *e;
  std::optional<Time> modified_min, modified_max;
  if (auto v = param(c.q, "date_modified:min")) {
    // A date without a time gets the current time of day (documented quirk).
    modified_min =
        v->size() == 10 ? parse_iso(*v + "T" + iso_local(c.now).substr(11) + "Z") : parse_iso(*v);
    if (!modified_min) return v3_error(422, "Invalid date");
  }
  if (auto v = param(c.q, "date_modified:max")) modified_max = parse_iso(*v);
  const auto sku = param(c.q, "sku");
  const auto visible = param(c.q, "is_visible");
  // `id` and `id:in` (getProducts' filters): a comma list of ids.
  std::optional<std::vector<std::int64_t>> ids;
  for (const char* name : {"id", "id:in"}) {
    if (auto v = param(c.q, name)) {
      ids.emplace();
      for (const auto& part : comma_list(*v)) {
        std::int64_t n = 0;
        if (to_int(part, n)) ids->push_back(n);
      }
    }
  }
  std::vector<const Product*> items;
  for (const auto& x : c.store.products) {
    if (ids && std::find(ids->begin(), ids->end(), x.id) == ids->end()) continue;
    if (sku && x.sku != *sku) continue;
    if (visible && (*visible == "true") != (x.status == ProductStatus::active)) continue;
    if ((modified_min && x.updated < *modified_min) || (modified_max && x.updated > *modified_max))
      continue;
    items.push_back(&x);
  }
  const std::string sort = param(c.q, "sort").value_or("id");
  const bool desc = param(c.q, "direction").value_or("asc") == "desc";
  std::stable_sort(items.begin(), items.end(), [&](const Product* a, const Product* b) {
    if (sort == "date_modified" && a->updated != b->updated) {
      return desc ? a->updated > b->updated : a->updated < b->updated;
    }
    if (sort == "name" && a->name != b->name) return desc ? a->name > b->name : a->name < b->name;
    return desc ? a->id > b->id : a->id < b->id;
  });
  return v3_page(items, p, [&](const Product& x) { return render_product(c.store, x, variants); });
}

Response v3(Ctx& c, const std::vector<std::string>& parts) {
  if (parts.empty()) return v3_error(404, "Not found");
  if (parts[0] == "hooks") return handle_hooks(c.store, c.req, parts, c.now);
  if (parts.size() == 3 && parts[0] == "catalog" && parts[1] == "products" &&
      c.req.method == "PUT") {
    std::int64_t id = 0;
    if (!to_int(parts[2], id)) return v3_error(404, "Product not found");
    const bool variants = param(c.q, "include").value_or("").find("variants") != std::string::npos;
    return update_product(c.store, c.req, id, variants, c.base, c.dispatcher, c.now);
  }
  if (parts.size() == 5 && parts[0] == "catalog" && parts[1] == "products" &&
      parts[3] == "variants" && c.req.method == "PUT") {
    std::int64_t id = 0, variant = 0;
    if (!to_int(parts[2], id)) return v3_error(404, "Product not found");
    if (!to_int(parts[4], variant)) return v3_error(404, "Variant not found");
    return update_variant(c.store, c.req, id, variant, c.dispatcher, c.now);
  }
  if (parts[0] == "customers" && parts.size() == 1 && c.req.method == "PUT") {
    return update_customers(c.store, c.req, c.base, c.dispatcher, c.now);
  }
  if (parts[0] == "customers" && parts.size() == 2 && parts[1] == "addresses" &&
      (c.req.method == "PUT" || c.req.method == "POST")) {
    return write_addresses(c.store, c.req, c.now);
  }
  if (parts[0] == "customers" && parts.size() == 1 && c.req.method == "POST") {
    return create_customers(c.store, c.req, c.base, c.dispatcher, c.now);
  }
  if (c.req.method != "GET") return v3_error(405, "Method not allowed");
  if (parts[0] == "customers" && parts.size() == 1) return v3_customers(c);
  if (parts[0] == "catalog" && parts.size() >= 2 && parts[1] == "products") {
    return v3_products(c, parts);
  }
  if (parts[0] == "carts") {
    // There is no cart listing: carts are known only from store/cart/* webhooks.
    if (parts.size() == 1) return v3_error(405, "Method not allowed");
    Cart* cart = c.store.find_cart(parts[1]);
    if (cart == nullptr || cart->state == CartState::converted ||
        c.now - cart->updated > std::chrono::days(30)) {
      return v3_error(404, "Cart not found");
    }
    return reply(200,
                 json::object{{"data", render_cart(c.store, *cart)}, {"meta", json::object{}}});
  }
  if (parts[0] == "abandoned-carts" && parts.size() == 2) {
    for (const auto& cart : c.store.carts) {
      if (cart.token == parts[1] && cart.state == CartState::abandoned) {
        return reply(200, json::object{{"data", json::object{{"cart_id", cart.id}}},
                                       {"meta", json::object{}}});
      }
    }
    return v3_error(404, "Abandoned cart not found");
  }
  return v3_error(404, "Not found");
}

void add_rate_headers(Response& r, const ApiVerdict& v, const ApiFaults& f) {
  r.headers.push_back({"X-Rate-Limit-Time-Window-Ms", std::to_string(f.window_ms)});
  r.headers.push_back({"X-Rate-Limit-Time-Reset-Ms", std::to_string(v.reset_ms)});
  r.headers.push_back({"X-Rate-Limit-Requests-Quota", std::to_string(f.quota)});
  r.headers.push_back(
      {"X-Rate-Limit-Requests-Left", std::to_string(std::max<std::int64_t>(0, v.remaining))});
}

}  // namespace

Response handle(Store& store, const Request& req, const std::vector<std::string>& parts,
                const std::string& base, Dispatcher& dispatcher, const ApiVerdict& verdict,
                Time now) {
  // parts: "v2"|"v3", then the resource path.
  const auto token = req.header("X-Auth-Token");
  const bool v2_api = !parts.empty() && parts[0] == "v2";
  Response r;
  if (!token || !cartgate::sdk::constant_time_equal(*token, store.credentials.at("access_token"))) {
    r = v2_api ? v2_error(401, "You are not authorized to access this resource.")
               : v3_error(401, "Unauthorized",
                          json::object{{"detail", "Missing or invalid X-Auth-Token."}});
  } else if (verdict.kind == ApiVerdict::Kind::throttled && verdict.platform_load) {
    // "A 429 response without the API HTTP headers": the platform is under load, not the
    // store over its quota; nothing says when to come back (the rate-limits guide).
    return v3_error(429, "Too many requests");
  } else if (verdict.kind == ApiVerdict::Kind::throttled) {
    r = v3_error(429, "Too many requests");
    r.headers.push_back({"X-Retry-After", std::to_string((verdict.retry_after_ms + 999) / 1000)});
  } else if (verdict.kind == ApiVerdict::Kind::error) {
    r = v3_error(verdict.status, "Internal Server Error");
  } else {
    const auto query = php_query(req.query);
    Ctx c{store, req, query, base, dispatcher, now};
    const std::vector<std::string> rest(parts.begin() + (parts.empty() ? 0 : 1), parts.end());
    if (v2_api) {
      r = v2(c, rest);
    } else if (!parts.empty() && parts[0] == "v3") {
      r = v3(c, rest);
    } else {
      r = v3_error(404, "Not found");
    }
  }
  add_rate_headers(r, verdict, store.api_faults);
  return r;
}

}  // namespace sandbox::bc
