#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <cartgate/schema/money.hpp>

namespace cartgate {

struct LineItem {
  std::string id;
  std::optional<std::string> product_id;
  std::optional<std::string> variant_id;
  std::optional<std::string> sku;
  std::string name;
  std::int64_t quantity = 0;
  Money unit_price;  // before discounts, as the platform lists it
  Money subtotal;    // unit_price × quantity
  Money discount;    // discounts allocated to this line
  Money tax;
  Money total;  // what the line costs after discounts (tax as the platform includes it)

  friend bool operator==(const LineItem&, const LineItem&) = default;
};

}  // namespace cartgate
