#pragma once

#include <optional>
#include <string>
#include <vector>

#include <cartgate/schema/address.hpp>
#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/identity.hpp>
#include <cartgate/schema/line_item.hpp>
#include <cartgate/schema/money.hpp>

namespace cartgate {

struct OrderTotals {
  Money subtotal;
  Money discount;
  Money shipping;
  Money tax;
  Money total;
  Money refunded;

  friend bool operator==(const OrderTotals&, const OrderTotals&) = default;
};

struct Order : EntityHeader {
  std::string number;  // what the merchant and buyer see ("#1001", "000000003", "727")
  OrderStatus status = OrderStatus::pending;
  std::string native_status;  // the platform's own status value
  std::optional<FinancialStatus> financial_status;
  std::optional<FulfillmentStatus> fulfillment_status;
  std::string currency;
  OrderTotals totals;
  Identity identity;
  std::optional<Address> billing_address;
  std::optional<Address> shipping_address;
  std::vector<LineItem> line_items;
  std::optional<Timestamp> cancelled_at;

  friend bool operator==(const Order&, const Order&) = default;
};

}  // namespace cartgate
