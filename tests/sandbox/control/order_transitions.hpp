#pragma once
// Which order status changes a merchant can make, as each platform's own order model allows.
// WooCommerce and BigCommerce let the merchant set any status. Shopify derives an order's
// state from its payment, fulfillments and cancellation, and Magento's order state machine
// (Magento\Sales\Model\Order::canCancel/canHold/canUnhold/canCreditmemo) has final states;
// a change they do not have is refused (the control API answers 409 with the reason).

#include <optional>
#include <string>

#include "model/entities.hpp"
#include "model/store.hpp"

namespace sandbox::control {

/// nullopt when `platform` lets `order` become `to`; otherwise why not.
std::optional<std::string> refused_transition(Platform platform, const Order& order, OrderState to);

/// Moves the order's payment, fulfillment, cancellation and refund facts to `to`, the way
/// the merchant's action on the platform would (cancelling fulfillments to reopen a completed
/// order, capturing payment to process one).
void apply_transition(Order& order, OrderState to, Time now);

}  // namespace sandbox::control
