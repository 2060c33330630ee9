#include "model/store.hpp"

#include <algorithm>

namespace sandbox {

std::string_view platform_name(Platform p) {
  switch (p) {
    case Platform::shopify:
      return "shopify";
    case Platform::woocommerce:
      return "woocommerce";
    case Platform::magento:
      return "magento";
    case Platform::bigcommerce:
      return "bigcommerce";
  }
  return "unknown";
}

namespace {
template <class V>
auto find_by_id(V& items, std::int64_t id) -> decltype(&items.front()) {
  auto it = std::find_if(items.begin(), items.end(), [id](const auto& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const Order* Store::find_order(std::int64_t id) const {
  return find_by_id(orders, id);
}
Order* Store::find_order(std::int64_t id) {
  return find_by_id(orders, id);
}
const Customer* Store::find_customer(std::int64_t id) const {
  return find_by_id(customers, id);
}
const Product* Store::find_product(std::int64_t id) const {
  return find_by_id(products, id);
}

Cart* Store::find_cart(std::string_view id) {
  auto it = std::find_if(carts.begin(), carts.end(), [id](const Cart& c) { return c.id == id; });
  return it == carts.end() ? nullptr : &*it;
}

Store* World::find(Platform platform, std::string_view id) const {
  for (const auto& s : stores) {
    if (s->platform == platform && s->id == id) return s.get();
  }
  return nullptr;
}

}  // namespace sandbox
