#include "control/cart_control.hpp"

#include "control/control_reply.hpp"
#include "model/generator.hpp"

namespace sandbox::control {

namespace json = boost::json;
using cartgate::http::Response;

namespace {

constexpr std::int64_t kMaxLinesPerChange = 50;

// How many lines to add: absent means `fallback`; anything but 0..50 is refused.
std::optional<std::int64_t> line_count(const json::object& body, std::int64_t fallback) {
  const auto* v = body.if_contains("lines");
  if (v == nullptr) return fallback;
  if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > kMaxLinesPerChange) {
    return std::nullopt;
  }
  return v->as_int64();
}

std::optional<std::string> email_in(const json::object& body) {
  const auto* v = body.if_contains("email");
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

Response create_cart(ChangeContext& c, const json::object& body) {
  const auto lines = line_count(body, -1);
  if (!lines || *lines == 0) return problem(400, "lines must be an integer from 1 to 50");
  Cart cart = make_cart(c.store, c.store.rng, c.now);
  if (*lines > 0) {
    cart.lines.clear();
    for (std::int64_t i = 0; i < *lines; ++i)
      cart.lines.push_back(make_cart_line(c.store, c.store.rng));
  }
  if (const auto* owner = body.if_contains("customer_id")) {
    const Customer* customer =
        owner->is_int64() ? c.store.find_customer(owner->as_int64()) : nullptr;
    if (customer == nullptr) return problem(400, "no such customer");
    cart.customer_id = customer->id;
    cart.email = customer->email;
  } else if (body.contains("email")) {
    cart.customer_id = 0;  // a guest who typed an email
    cart.email = *email_in(body);
  }
  c.store.carts.push_back(std::move(cart));
  const Cart& added = c.store.carts.back();
  cart_changed(c, added, CartEvent::created, added.lines);
  return answer(201, json::object{{"id", added.id}, {"token", added.token}});
}

Response update_cart(ChangeContext& c, Cart& cart, const json::object& body) {
  const auto lines = line_count(body, body.contains("email") ? 0 : 1);
  if (!lines) return problem(400, "lines must be an integer from 0 to 50");
  std::vector<Line> added;
  for (std::int64_t i = 0; i < *lines; ++i)
    added.push_back(make_cart_line(c.store, c.store.rng));
  cart.lines.insert(cart.lines.end(), added.begin(), added.end());
  if (auto email = email_in(body)) cart.email = *email;
  cart.updated = c.now;
  cart.state = CartState::active;  // a returning shopper revives an abandoned cart
  cart_changed(c, cart, CartEvent::updated, added);
  return answer(200, json::object{{"id", cart.id}});
}

Response convert_cart(ChangeContext& c, Cart& cart) {
  Order order = order_from_cart(c.store, c.store.rng, cart, c.now);
  const std::int64_t order_id = order.id;
  c.store.orders.push_back(std::move(order));
  cart.state = CartState::converted;
  cart.order_id = order_id;
  cart.updated = c.now;
  entity_changed(c, "order", "created", order_id);
  cart_changed(c, cart, CartEvent::converted, {});
  return answer(201, json::object{{"id", cart.id}, {"order_id", order_id}});
}

}  // namespace

Response handle_carts(ChangeContext& c, const std::vector<std::string>& parts,
                      const json::object& body) {
  if (const auto* email = body.if_contains("email"); email && !email->is_string()) {
    return problem(400, "email must be a string");
  }
  if (parts.size() == 1) return create_cart(c, body);
  Cart* cart = c.store.find_cart(parts[1]);
  if (cart == nullptr) return problem(404, "no cart " + parts[1]);
  if (cart->state == CartState::converted) {
    return problem(
        409, "cart " + cart->id + " was converted to order " + std::to_string(cart->order_id));
  }
  const std::string action = parts.size() > 2 ? parts[2] : "";
  if (parts.size() > 3) return problem(404, "no such control endpoint");
  if (action.empty()) return update_cart(c, *cart, body);
  if (action == "abandon") {
    if (cart->state == CartState::abandoned) return problem(409, "cart is already abandoned");
    if (cart->lines.empty()) return problem(409, "an empty cart cannot be abandoned");
    cart->state = CartState::abandoned;  // abandonment is no edit: updated stays
    cart_changed(c, *cart, CartEvent::abandoned, {});
    return answer(200, json::object{{"id", cart->id}, {"token", cart->token}});
  }
  if (action == "convert") return convert_cart(c, *cart);
  return problem(404, "no such control endpoint");
}

}  // namespace sandbox::control
