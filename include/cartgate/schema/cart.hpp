#pragma once

#include <optional>
#include <string>
#include <vector>

#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/identity.hpp>
#include <cartgate/schema/line_item.hpp>
#include <cartgate/schema/money.hpp>

namespace cartgate {

struct CartTotals {
  Money subtotal;
  Money discount;
  Money tax;
  Money total;

  friend bool operator==(const CartTotals&, const CartTotals&) = default;
};

struct Cart : EntityHeader {
  CartStatus status = CartStatus::active;
  std::string currency;
  std::optional<CartTotals> totals;  // absent where the platform has none for the cart
  Identity identity;
  std::vector<LineItem> line_items;
  std::optional<std::string> converted_order_id;
  std::optional<std::string> checkout_url;

  friend bool operator==(const Cart&, const Cart&) = default;
};

}  // namespace cartgate
