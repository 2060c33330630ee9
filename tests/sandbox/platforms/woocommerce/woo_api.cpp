// WooCommerce REST API v3 routes: /wp-json/wc/v3/{orders,customers,products,webhooks}.
// Collection parameters, limits, headers and error bodies follow the WooCommerce CRUD
// controllers (class-wc-rest-crud-controller.php) and the WordPress REST server.
#include "platforms/woocommerce/woo_api.hpp"

#include <algorithm>
#include <functional>

#include <cartgate/schema/money.hpp>

#include "common/format.hpp"
#include "platforms/woocommerce/woo_auth.hpp"
#include "platforms/woocommerce/woo_customer_writes.hpp"
#include "platforms/woocommerce/woo_product_writes.hpp"
#include "platforms/woocommerce/woo_render.hpp"
#include "platforms/woocommerce/woo_reply.hpp"
#include "platforms/woocommerce/woo_webhooks.hpp"
#include "platforms/woocommerce/woo_writes.hpp"

namespace sandbox::woo {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

constexpr std::string_view kPrefix = "/wp-json/wc/v3/";

struct ListArgs {
  std::int64_t page = 1;
  std::int64_t per_page = 10;
  std::optional<std::int64_t> offset;  // WP_Query: an offset overrides the page
  std::string order = "desc";
  std::string orderby = "date";
};

// page, per_page, order, orderby as get_collection_params() declares them.
std::optional<Response> read_list_args(const std::vector<Param>& q, ListArgs& a,
                                       std::string default_order,
                                       std::vector<std::string_view> orderbys) {
  a.order = std::move(default_order);
  a.orderby = std::string(orderbys.front());
  if (auto v = param(q, "page")) {
    if (!parse_int(*v, a.page) || a.page < 1) {
      return invalid_param("page", "page must be greater than or equal to 1");
    }
  }
  if (auto v = param(q, "per_page")) {
    if (!parse_int(*v, a.per_page) || a.per_page < 1 || a.per_page > 100) {
      return invalid_param("per_page",
                           "per_page must be between 1 (inclusive) and 100 (inclusive)");
    }
  }
  if (auto v = param(q, "offset")) {
    std::int64_t offset = 0;
    if (!parse_int(*v, offset) || offset < 0) {
      return invalid_param("offset", "offset is not of type integer.");
    }
    a.offset = offset;
  }
  if (auto v = param(q, "order")) {
    if (*v != "asc" && *v != "desc")
      return invalid_param("order", "order is not one of asc and desc.");
    a.order = *v;
  }
  if (auto v = param(q, "orderby")) {
    if (std::find(orderbys.begin(), orderbys.end(), *v) == orderbys.end()) {
      std::string list;
      for (auto o : orderbys)
        list += (list.empty() ? "" : ", ") + std::string(o);
      return invalid_param("orderby", "orderby is not one of " + list + ".");
    }
    a.orderby = *v;
  }
  return std::nullopt;
}

// One page of `items` with WordPress' pagination headers.
template <class T, class Render>
Response page_of(const std::vector<const T*>& items, const ListArgs& a, const std::string& url,
                 const std::vector<Param>& q, Render render) {
  const auto total = static_cast<std::int64_t>(items.size());
  const std::int64_t pages = (total + a.per_page - 1) / a.per_page;
  json::array out;
  const std::int64_t first = a.offset ? *a.offset : (a.page - 1) * a.per_page;
  for (std::int64_t i = first; i < std::min(total, first + a.per_page); ++i) {
    out.push_back(render(*items[static_cast<std::size_t>(i)]));
  }
  Response r = reply(200, out);
  r.headers.push_back({"X-WP-Total", std::to_string(total)});
  r.headers.push_back({"X-WP-TotalPages", std::to_string(pages)});
  // The CRUD controller links only prev and next (not first/last).
  const auto link_to = [&](std::int64_t page) {
    std::string query;
    for (const auto& p : q) {
      if (p.key == "page" || p.key.starts_with("oauth_") || p.key == "consumer_key" ||
          p.key == "consumer_secret") {
        continue;
      }
      query += (query.empty() ? "" : "&") + rawurlencode(p.key) + "=" + rawurlencode(p.value);
    }
    query += (query.empty() ? "" : "&") + std::string("page=") + std::to_string(page);
    return "<" + url + "?" + query + ">";
  };
  std::string link;
  if (a.page > 1 && a.page - 1 <= std::max<std::int64_t>(pages, 1)) {
    link += link_to(a.page - 1) + "; rel=\"prev\"";
  }
  if (a.page < pages) link += (link.empty() ? "" : ", ") + link_to(a.page + 1) + "; rel=\"next\"";
  if (!link.empty()) r.headers.push_back({"Link", link});
  return r;
}

template <class T>
void sort_items(std::vector<const T*>& items, const ListArgs& a,
                const std::function<Time(const T&)>& date_of,
                const std::function<Time(const T&)>& modified_of) {
  const bool asc = a.order == "asc";
  std::stable_sort(items.begin(), items.end(), [&](const T* x, const T* y) {
    // date/modified get " ID" appended as a tie-breaker, in the same direction.
    if (a.orderby == "date" && date_of(*x) != date_of(*y)) {
      return asc ? date_of(*x) < date_of(*y) : date_of(*x) > date_of(*y);
    }
    if (a.orderby == "modified" && modified_of(*x) != modified_of(*y)) {
      return asc ? modified_of(*x) < modified_of(*y) : modified_of(*x) > modified_of(*y);
    }
    return asc ? x->id < y->id : x->id > y->id;
  });
}

// after/before/modified_after/modified_before: compared with the GMT columns when
// dates_are_gmt=true, else with the site-local ones (a value without offset is read so).
struct DateFilter {
  std::optional<Time> after, before, modified_after, modified_before;
};

std::optional<Response> read_dates(const std::vector<Param>& q, int site_offset, DateFilter& f) {
  const bool gmt = param(q, "dates_are_gmt").value_or("") == "true" ||
                   param(q, "dates_are_gmt").value_or("") == "1";
  const int offset = gmt ? 0 : site_offset;
  for (auto [name, slot] : {std::pair{"after", &f.after}, std::pair{"before", &f.before},
                            std::pair{"modified_after", &f.modified_after},
                            std::pair{"modified_before", &f.modified_before}}) {
    if (auto v = param(q, name)) {
      auto t = parse_iso(*v, offset);
      if (!t) return invalid_param(name, std::string("Invalid date."));
      *slot = t;
    }
  }
  return std::nullopt;
}

bool keep(const DateFilter& f, Time created, Time modified) {
  return (!f.after || created > *f.after) && (!f.before || created < *f.before) &&
         (!f.modified_after || modified > *f.modified_after) &&
         (!f.modified_before || modified < *f.modified_before);
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto comma = s.find(',', start);
    const auto item =
        s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

struct Ctx {
  Store& store;
  const Request& req;
  const std::vector<Param>& query;
  Links links;
  std::string collection_url;
};

Response list_orders(Ctx& c) {
  ListArgs a;
  if (auto e = read_list_args(c.query, a, "desc",
                              {"date", "id", "include", "title", "slug", "modified"}))
    return *e;
  DateFilter dates;
  if (auto e = read_dates(c.query, c.store.utc_offset_minutes, dates)) return *e;
  std::vector<std::string> statuses{"any"};
  if (auto v = param(c.query, "status")) statuses = split_list(*v);
  for (const auto& s : statuses) {
    if (s != "any" && s != "trash" && !status_from(s)) {
      return invalid_param("status",
                           "status[0] is not one of any, pending, processing, on-hold, "
                           "completed, cancelled, refunded, failed, and trash.");
    }
  }
  std::int64_t customer = -1;
  if (auto v = param(c.query, "customer"); v && !parse_int(*v, customer)) {
    return invalid_param("customer", "customer is not of type integer.");
  }
  int dp = cartgate::minor_unit_digits(c.store.currency);
  if (auto v = param(c.query, "dp")) {
    std::int64_t d = 0;
    if (!parse_int(*v, d) || d < 0 || d > 6)
      return invalid_param("dp", "dp is not of type integer.");
    dp = static_cast<int>(d);
  }
  const auto search = param(c.query, "search");
  std::vector<const Order*> items;
  for (const auto& o : c.store.orders) {
    const bool status_ok = std::any_of(statuses.begin(), statuses.end(), [&](const std::string& s) {
      return s == "any" || s == status_name(o.state);
    });
    if (!status_ok || !keep(dates, o.created, o.updated)) continue;
    if (customer >= 0 && o.customer_id != customer) continue;
    if (search && o.email.find(*search) == std::string::npos &&
        o.billing.last_name.find(*search) == std::string::npos) {
      continue;
    }
    items.push_back(&o);
  }
  sort_items<Order>(
      items, a, [](const Order& o) { return o.created; }, [](const Order& o) { return o.updated; });
  // A value in minor units of the currency becomes a string with `dp` decimals.
  const int digits = cartgate::minor_unit_digits(c.store.currency);
  return page_of(items, a, c.collection_url, c.query, [&](const Order& o) {
    Order scaled = o;
    if (dp != digits) {
      const auto rescale = [&](std::int64_t& v) {
        for (int i = digits; i < dp; ++i)
          v *= 10;
        for (int i = dp; i < digits; ++i)
          v /= 10;
      };
      for (auto& l : scaled.lines) {
        rescale(l.unit_price);
        rescale(l.discount);
        rescale(l.tax);
      }
      rescale(scaled.shipping_total);
      rescale(scaled.shipping_tax);
      rescale(scaled.refunded);
    }
    return render_order(c.store, scaled, c.links, dp);
  });
}

Response list_customers(Ctx& c) {
  ListArgs a;
  if (auto e = read_list_args(c.query, a, "asc", {"name", "id", "include", "registered_date"}))
    return *e;
  if (auto role = param(c.query, "role"); role && *role != "customer" && *role != "all") {
    // Only customers exist in the sandbox: other roles list nothing.
    return page_of(std::vector<const Customer*>{}, a, c.collection_url, c.query,
                   [&](const Customer& x) { return render_customer(c.store, x, c.links); });
  }
  const auto email = param(c.query, "email");
  std::vector<const Customer*> items;
  for (const auto& x : c.store.customers) {
    if (email && x.email != *email) continue;
    items.push_back(&x);
  }
  const bool asc = a.order == "asc";
  std::stable_sort(items.begin(), items.end(), [&](const Customer* x, const Customer* y) {
    if (a.orderby == "name" && x->last_name + x->first_name != y->last_name + y->first_name) {
      return asc ? x->last_name + x->first_name < y->last_name + y->first_name
                 : x->last_name + x->first_name > y->last_name + y->first_name;
    }
    if (a.orderby == "registered_date" && x->created != y->created) {
      return asc ? x->created < y->created : x->created > y->created;
    }
    return asc ? x->id < y->id : x->id > y->id;
  });
  return page_of(items, a, c.collection_url, c.query,
                 [&](const Customer& x) { return render_customer(c.store, x, c.links); });
}

Response list_products(Ctx& c) {
  ListArgs a;
  if (auto e = read_list_args(c.query, a, "desc",
                              {"date", "id", "include", "title", "slug", "modified"}))
    return *e;
  DateFilter dates;
  if (auto e = read_dates(c.query, c.store.utc_offset_minutes, dates)) return *e;
  const auto status = param(c.query, "status");
  const auto sku = param(c.query, "sku");
  std::vector<const Product*> items;
  for (const auto& p : c.store.products) {
    if (status && *status != "any" && *status != product_status_name(p.status)) continue;
    if (sku && p.sku != *sku) continue;
    if (!keep(dates, p.created, p.updated)) continue;
    items.push_back(&p);
  }
  sort_items<Product>(
      items, a, [](const Product& p) { return p.created; },
      [](const Product& p) { return p.updated; });
  return page_of(items, a, c.collection_url, c.query,
                 [&](const Product& p) { return render_product(c.store, p, c.links); });
}

Response not_found_item(const char* what) {
  return wp_error(404, std::string("woocommerce_rest_") + what + "_invalid_id", "Invalid ID.");
}

// The resource reads, once authenticated.
Response read(Ctx& c, const std::string& collection, const std::string& item) {
  if (c.req.method != "GET" && c.req.method != "HEAD") return no_route();
  std::int64_t id = 0;
  if (!item.empty() && !parse_int(item, id)) return no_route();
  Store& store = c.store;
  if (collection == "orders") {
    if (item.empty()) return list_orders(c);
    const Order* o = store.find_order(id);
    if (o == nullptr) return not_found_item("shop_order");
    return reply(200,
                 render_order(store, *o, c.links, cartgate::minor_unit_digits(store.currency)));
  }
  if (collection == "customers") {
    if (item.empty()) return list_customers(c);
    const Customer* x = store.find_customer(id);
    if (x == nullptr) return wp_error(404, "woocommerce_rest_invalid_id", "Invalid resource ID.");
    return reply(200, render_customer(store, *x, c.links));
  }
  if (collection == "products") {
    if (item.empty()) return list_products(c);
    const Product* p = store.find_product(id);
    if (p == nullptr) return not_found_item("product");
    return reply(200, render_product(store, *p, c.links));
  }
  return no_route();
}

}  // namespace

WebhookRoute handle(Store& store, const Request& req, std::string_view route, bool tls,
                    const std::string& home_url, Time now) {
  const auto query = php_query(req.query);
  if (route == "/wp-json" || route == "/wp-json/") {
    // The index: where clients learn the site URL to sign against.
    return {reply(200, json::object{{"name", "Sandbox store " + store.id},
                                    {"url", home_url},
                                    {"home", home_url},
                                    {"namespaces", json::array{"wp/v2", "wc/v3"}}}),
            std::nullopt};
  }
  if (!route.starts_with(kPrefix)) return {no_route(), std::nullopt};
  const std::string_view rest = route.substr(kPrefix.size());
  const auto slash = rest.find('/');
  const std::string collection(rest.substr(0, slash));
  const std::string item =
      slash == std::string_view::npos ? "" : std::string(rest.substr(slash + 1));

  const auto auth = authenticate(store, req, query, tls, home_url, route, now);
  if (!auth.authenticated) {
    Response r = auth.code.empty() ? wp_error(401, "woocommerce_rest_cannot_view",
                                              "Sorry, you cannot list resources.")
                                   : wp_error(401, auth.code, auth.message);
    if (auth.basic_challenge) {
      r.headers.push_back(
          {"WWW-Authenticate",
           "Basic realm=\"WooCommerce API. Use a consumer key in the username field "
           "and a consumer secret in the password field.\""});
    }
    return {r, std::nullopt};
  }
  // WC_REST_Authentication::check_user_permissions runs before any route.
  if (auto refused = refused_by_key(store, req.method)) return {std::move(*refused), std::nullopt};
  if (collection == "webhooks") {
    return handle_webhooks(store, req, query, item, Links{home_url}, now);
  }
  if (collection == "orders" && !item.empty()) {
    if (auto written = order_write(store, req, item, Links{home_url}, now)) {
      return {std::move(written->response), std::nullopt, written->updated_order};
    }
  }
  if (collection == "products" && !item.empty()) {
    if (auto written = product_write(store, req, item, Links{home_url}, now)) {
      WebhookRoute out(std::move(written->response), std::nullopt);
      out.updated_product = written->updated_product;
      return out;
    }
  }
  if (collection == "customers" && item.empty()) {
    if (auto added = customer_create(store, req, Links{home_url}, now)) {
      WebhookRoute out(std::move(added->response), std::nullopt);
      out.created_customer = added->created_customer;
      return out;
    }
  }
  if (collection == "customers" && !item.empty()) {
    if (auto written = customer_write(store, req, item, Links{home_url}, now)) {
      WebhookRoute out(std::move(written->response), std::nullopt);
      out.updated_customer = written->updated_customer;
      return out;
    }
  }
  Ctx c{store, req, query, Links{home_url}, home_url + std::string(kPrefix) + collection};
  return {read(c, collection, item), std::nullopt};
}

}  // namespace sandbox::woo
