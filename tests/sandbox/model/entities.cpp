#include "model/entities.hpp"

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

std::int64_t Cart::subtotal() const {
  std::int64_t s = 0;
  for (const auto& l : lines)
    s += l.unit_price * l.quantity;
  return s;
}

}  // namespace sandbox
