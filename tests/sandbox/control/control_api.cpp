#include "control/control_api.hpp"

#include <algorithm>
#include <charconv>

#include <boost/json.hpp>

#include "control/cart_control.hpp"
#include "control/change_events.hpp"
#include "control/control_reply.hpp"
#include "control/order_transitions.hpp"
#include "model/generator.hpp"
#include "platforms/shopify/shop_render.hpp"
#include "util/wall_clock.hpp"

namespace sandbox {

namespace json = boost::json;
using cartgate::http::Request;
using cartgate::http::Response;

namespace {

using control::answer;
using control::problem;

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto part = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!part.empty()) out.emplace_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// The id the platform's own API shows for an entity, so tests can find it in what the gateway
// reports (Shopify's ids are large integers; the other platforms show the sandbox id).
json::object created_reply(const Store& store, shop::Kind kind, std::int64_t id) {
  const std::int64_t shown = store.platform == Platform::shopify ? shop::sid(kind, id) : id;
  return json::object{{"id", id}, {"platform_id", std::to_string(shown)}};
}

std::optional<std::int64_t> to_id(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<OrderState> state_from(std::string_view name) {
  static const std::pair<std::string_view, OrderState> kNames[] = {
      {"pending", OrderState::pending},     {"processing", OrderState::processing},
      {"on_hold", OrderState::on_hold},     {"completed", OrderState::completed},
      {"cancelled", OrderState::cancelled}, {"refunded", OrderState::refunded},
      {"failed", OrderState::failed}};
  for (const auto& [n, s] : kNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string text_or(const json::object& body, const char* key, const std::string& fallback) {
  const auto* v = body.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : fallback;
}

double number_or(const json::object& body, const char* key, double fallback) {
  const auto* v = body.if_contains(key);
  return v && v->is_number() ? v->to_number<double>() : fallback;
}

}  // namespace

boost::asio::awaitable<Response> ControlApi::handle(Request& request) {
  const auto parts = segments(request.path);
  if (parts.size() < 3 || parts[0] != "control" || parts[1] != "stores") {
    co_return problem(404, "no such control endpoint");
  }
  Store* store = nullptr;
  for (const auto& s : world_.stores) {
    if (s->id == parts[2]) store = s.get();
  }
  if (store == nullptr) co_return problem(404, "no store " + parts[2]);

  json::object body;
  if (!request.body.empty()) {
    boost::system::error_code ec;
    auto jv = json::parse(request.body, ec);
    if (ec || !jv.is_object()) co_return problem(400, "the body must be a JSON object");
    body = jv.as_object();
  }
  const auto now = std::chrono::floor<std::chrono::seconds>(cartgate::util::wall_now());
  const std::string what = parts.size() > 3 ? parts[3] : "";
  const std::optional<std::int64_t> id = parts.size() > 4 ? to_id(parts[4]) : std::nullopt;
  std::lock_guard lock(store->mutex);

  ChangeContext context{*store, dispatcher_, urls_.http + "/" + store->id, now};

  if (request.method == "GET" && what == "deliveries") {
    co_return answer(200, dispatcher_.log(store->id));
  }
  if (request.method == "GET" && what == "stats") {
    const auto& f = store->api_faults;
    co_return answer(
        200,
        json::object{{"requests", f.requests}, {"throttled", f.throttled}, {"errors", f.errors}});
  }
  if (request.method == "GET" && what == "subscriptions") {
    json::array out;
    for (const auto& s : store->subscriptions) {
      out.push_back(json::object{{"id", s.id},
                                 {"topic", s.topic},
                                 {"url", s.url},
                                 {"status", s.status},
                                 {"consecutive_failures", s.consecutive_failures}});
    }
    co_return answer(200, out);
  }
  // What the store holds of one order, whatever the platform shows of it: how many times a
  // write landed (its notes, its shipments), its state and the units shipped of each line. Tests
  // count here after exactly-once writes.
  if (request.method == "GET" && what == "orders" && id && parts.size() == 5) {
    const Order* order = store->find_order(*id);
    if (order == nullptr) co_return problem(404, "no order " + parts[4]);
    static constexpr const char* kStates[] = {"pending",   "processing", "on_hold", "completed",
                                              "cancelled", "refunded",   "failed"};
    json::array notes;
    for (const auto& n : order->notes)
      notes.push_back(json::string(n.text));
    json::array shipments;
    for (const auto& s : order->shipments) {
      json::object lines;
      for (const auto& units : s.lines)
        lines[std::to_string(units.line_id)] = units.quantity;
      shipments.push_back(
          json::object{{"tracking_number", s.tracking_number}, {"lines", std::move(lines)}});
    }
    json::object shipped;  // line id -> units shipped
    for (const auto& l : order->lines)
      shipped[std::to_string(l.id)] = l.shipped;
    json::object meta;  // WooCommerce meta key -> its value (the first entry with the key)
    for (const auto& m : order->meta) {
      boost::system::error_code ec;
      json::value value = json::parse(m.value, ec);
      if (!meta.contains(m.key)) meta[m.key] = ec ? json::value(m.value) : std::move(value);
    }
    co_return answer(200, json::object{{"state", kStates[static_cast<int>(order->state)]},
                                       {"notes", std::move(notes)},
                                       {"staff_notes", order->staff_notes},
                                       {"note", order->note},
                                       {"shipments", std::move(shipments)},
                                       {"shipped", std::move(shipped)},
                                       {"meta", std::move(meta)},
                                       {"app_holds", order->app_holds.size()}});
  }
  if (request.method != "POST") co_return problem(405, "use POST to change data");

  if (what == "subscriptions" && id && parts.size() == 6 && parts[5] == "lose") {
    const std::string mode = text_or(body, "mode", "mute");
    auto& subs = store->subscriptions;
    const auto it =
        std::find_if(subs.begin(), subs.end(), [&](const Subscription& s) { return s.id == *id; });
    if (it == subs.end()) co_return problem(404, "no subscription " + parts[4]);
    if (mode == "mute") {  // still listed and active, never delivered to again
      dispatcher_.lose_subscription(store->id, *id);
    } else if (mode == "delete") {  // gone from the platform's list, with no notice
      subs.erase(it);
    } else {
      co_return problem(400, "mode is mute or delete");
    }
    co_return answer(200, json::object{{"id", *id}, {"mode", mode}});
  }

  if (what == "settings") {  // platform switches, e.g. Magento's integration_as_bearer
    for (const auto& kv : body) {
      if (!kv.value().is_string()) co_return problem(400, "settings are strings");
      store->settings[std::string(kv.key())] = kv.value().as_string();
      // Shopify: a store on another plan starts with its bucket full, so a test's plan does
      // not inherit the points an earlier test spent.
      if (kv.key() == "bucket_size") store->cost_available = -1;
    }
    co_return answer(200, json::object{{"ok", true}});
  }
  if (what == "faults") {
    WebhookFaults f;
    if (const auto* w = body.if_contains("webhooks"); w && w->is_object()) {
      const auto& o = w->as_object();
      f.drop = number_or(o, "drop", 0);
      f.duplicate = number_or(o, "duplicate", 0);
      f.reorder = number_or(o, "reorder", 0);
      f.delay_min_ms = static_cast<std::int64_t>(number_or(o, "delay_min_ms", 0));
      f.delay_max_ms = static_cast<std::int64_t>(number_or(o, "delay_max_ms", 0));
      f.lose = number_or(o, "lose", 0);
    }
    const auto seed = static_cast<std::uint64_t>(number_or(body, "seed", 1));
    dispatcher_.set_faults(store->id, f, seed);
    // API faults: replaced as a whole, like the webhook faults.
    ApiFaults api;
    if (store->platform == Platform::bigcommerce) {  // the platform's own quota stays
      api.quota = 150;
      api.window_ms = 30000;
    }
    if (const auto* a = body.if_contains("api"); a && a->is_object()) {
      const auto& o = a->as_object();
      api.error_share = number_or(o, "error_share", 0);
      api.slow_ms = static_cast<std::int64_t>(number_or(o, "slow_ms", 0));
      api.late_answer_ms = static_cast<std::int64_t>(number_or(o, "late_answer_ms", 0));
      const auto storm = static_cast<std::int64_t>(number_or(o, "storm_ms", 0));
      if (storm > 0)
        api.storm_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(storm);
      api.quota = static_cast<std::int64_t>(number_or(o, "quota", static_cast<double>(api.quota)));
      api.window_ms = static_cast<std::int64_t>(
          number_or(o, "window_ms", api.window_ms ? api.window_ms : 1000));
    }
    api.rng = Rng(seed).fork(store->id + "/api");
    api.requests = store->api_faults.requests;
    api.throttled = store->api_faults.throttled;
    api.errors = store->api_faults.errors;
    store->api_faults = api;
    co_return answer(200, json::object{{"ok", true}});
  }

  if (what == "carts") {
    co_return control::handle_carts(context, {parts.begin() + 3, parts.end()}, body);
  }
  if (what == "orders" && parts.size() == 4) {
    int line_count = 0;
    if (const auto* n = body.if_contains("lines")) {
      if (!n->is_int64() || n->as_int64() < 1 || n->as_int64() > 600) {
        co_return problem(400, "lines is a count from 1 to 600");
      }
      line_count = static_cast<int>(n->as_int64());
    }
    Order o = make_order(*store, store->rng, now, line_count);
    if (const auto* c = body.if_contains("customer_id"); c && c->is_int64()) {
      o.customer_id = 0;
      for (const auto& x : store->customers) {
        if (x.id == c->as_int64()) {
          o.customer_id = x.id;
          o.email = x.email;
          o.billing = x.billing;
        }
      }
    }
    if (const auto* g = body.if_contains("guest_email"); g && g->is_string()) {
      o.customer_id = 0;
      o.email = g->as_string();
    }
    // A new order in a given status: as if it had been placed, paid and moved there, which
    // every platform allows except where the status does not exist (Magento's failed).
    if (auto s = state_from(text_or(body, "status", "pending"))) {
      if (*s == OrderState::failed && store->platform == Platform::magento) {
        co_return problem(409,
                          "Magento has no failed state: a failed payment leaves the order "
                          "canceled");
      }
      if (*s == OrderState::refunded) control::apply_transition(o, OrderState::processing, now);
      control::apply_transition(o, *s, now);
    }
    const std::int64_t new_id = o.id;
    store->orders.push_back(std::move(o));
    entity_changed(context, "order", "created", new_id);
    co_return answer(201, created_reply(*store, shop::Kind::order, new_id));
  }
  if (what == "orders" && id) {
    Order* o = store->find_order(*id);
    if (o == nullptr) co_return problem(404, "no order " + parts[4]);
    const std::string action = parts.size() > 5 ? parts[5] : "";
    const OrderBefore before = order_before(*o);
    std::optional<OrderState> to;
    if (action == "cancel") {
      to = OrderState::cancelled;
    } else if (body.contains("status")) {
      to = state_from(text_or(body, "status", ""));
      if (!to) co_return problem(400, "unknown status");
    }
    if (to) {
      if (auto why = control::refused_transition(store->platform, *o, *to)) {
        co_return problem(409, *why);
      }
      control::apply_transition(*o, *to, now);
    }
    if (body.contains("note")) o->note = text_or(body, "note", "");
    o->updated = now;
    entity_changed(context, "order", "updated", o->id);
    order_state_changed(context, *o, before);
    co_return answer(200, created_reply(*store, shop::Kind::order, o->id));
  }
  if (what == "customers" && parts.size() == 4) {
    Customer c;
    c.id = store->next_customer_id++;
    c.first_name = text_or(body, "first_name", "New");
    c.last_name = text_or(body, "last_name", "Customer");
    c.email = text_or(body, "email", "new." + std::to_string(c.id) + "@example.com");
    c.created = c.updated = now;
    store->customers.push_back(c);
    entity_changed(context, "customer", "created", c.id);
    co_return answer(201, created_reply(*store, shop::Kind::customer, c.id));
  }
  if (what == "customers" && id) {
    Customer* c = nullptr;
    for (auto& x : store->customers) {
      if (x.id == *id) c = &x;
    }
    if (c == nullptr) co_return problem(404, "no customer " + parts[4]);
    c->first_name = text_or(body, "first_name", c->first_name);
    c->last_name = text_or(body, "last_name", c->last_name);
    c->email = text_or(body, "email", c->email);
    c->updated = now;
    entity_changed(context, "customer", "updated", c->id);
    co_return answer(200, created_reply(*store, shop::Kind::customer, c->id));
  }
  if (what == "products" && parts.size() == 4) {
    Product p;
    p.id = store->next_product_id++;
    p.name = text_or(body, "name", "New product " + std::to_string(p.id));
    p.sku = "SKU-" + std::to_string(1000 + p.id);
    p.price = static_cast<std::int64_t>(number_or(body, "price_minor", 1000));
    // Options: that many variants at the product's price, as the generator makes them.
    const auto options = static_cast<std::int64_t>(number_or(body, "variants", 0));
    for (std::int64_t n = 1; n <= std::min<std::int64_t>(options, 9); ++n) {
      Variant v;
      v.id = p.id * 100 + n;
      v.name = "Size " + std::to_string(n);
      v.sku = p.sku + "-" + std::to_string(n);
      v.price = p.price;
      p.variants.push_back(v);
    }
    p.created = p.updated = now;
    store->products.push_back(p);
    entity_changed(context, "product", "created", p.id);
    co_return answer(201, created_reply(*store, shop::Kind::product, p.id));
  }
  if (what == "products" && id) {
    Product* p = nullptr;
    for (auto& x : store->products) {
      if (x.id == *id) p = &x;
    }
    if (p == nullptr) co_return problem(404, "no product " + parts[4]);
    p->name = text_or(body, "name", p->name);
    p->price =
        static_cast<std::int64_t>(number_or(body, "price_minor", static_cast<double>(p->price)));
    p->updated = now;
    entity_changed(context, "product", "updated", p->id);
    co_return answer(200, created_reply(*store, shop::Kind::product, p->id));
  }
  co_return problem(404, "no such control endpoint");
}

}  // namespace sandbox
