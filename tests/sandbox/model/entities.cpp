#include "model/entities.hpp"

#include <algorithm>

namespace sandbox {

std::int64_t Order::subtotal() const {
  std::int64_t s = 0;
  for (const auto& l : lines)
    s += l.unit_price * l.quantity;
  return s;
}

std::int64_t Order::discount() const {
  std::int64_t s = 0;
  for (const auto& l : lines)
    s += l.discount;
  return s;
}

std::int64_t Order::line_tax() const {
  std::int64_t s = 0;
  for (const auto& l : lines)
    s += l.tax;
  return s;
}

std::int64_t Order::total() const {
  return subtotal() - discount() + line_tax() + shipping_total + shipping_tax;
}

std::int64_t Order::quantity() const {
  std::int64_t q = 0;
  for (const auto& l : lines)
    q += l.quantity;
  return q;
}

const Line* Order::line(std::int64_t line_id) const {
  for (const auto& l : lines) {
    if (l.id == line_id) return &l;
  }
  return nullptr;
}

void set_fulfilled(Order& o, std::int64_t quantity) {
  o.fulfilled_quantity = quantity;
  for (auto& l : o.lines) {
    l.shipped = std::min(l.quantity, quantity);
    quantity -= l.shipped;
  }
}

void add_shipment(Order& o, Shipment s) {
  for (const auto& units : s.lines) {
    for (auto& l : o.lines) {
      if (l.id == units.line_id) l.shipped += units.quantity;
    }
    o.fulfilled_quantity += units.quantity;
  }
  o.shipments.push_back(std::move(s));
}

std::int64_t Cart::subtotal() const {
  std::int64_t s = 0;
  for (const auto& l : lines)
    s += l.unit_price * l.quantity;
  return s;
}

}  // namespace sandbox
