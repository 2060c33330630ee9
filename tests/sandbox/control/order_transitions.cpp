#include "control/order_transitions.hpp"

namespace sandbox::control {

namespace {

std::optional<std::string> shopify_refusal(const Order& o, OrderState to) {
  if (o.state == OrderState::cancelled) return "Shopify cannot reopen a cancelled order";
  if (to == OrderState::cancelled) return std::nullopt;
  if (o.state == OrderState::refunded) return "a refunded Shopify order can only be cancelled";
  if (o.state == OrderState::failed) {
    return "a Shopify order whose payment was voided can only be cancelled";
  }
  if ((to == OrderState::pending || to == OrderState::failed) && o.paid) {
    return "Shopify cannot take back a captured payment (only refund it)";
  }
  if (to == OrderState::refunded && !o.paid) return "nothing was paid to refund";
  if (to == OrderState::on_hold && o.state == OrderState::completed) {
    return "a fulfilled Shopify order has no open fulfillment order to hold";
  }
  return std::nullopt;
}

std::optional<std::string> magento_refusal(const Order& o, OrderState to) {
  if (to == OrderState::failed) {
    return "Magento has no failed state: a failed payment leaves the order canceled";
  }
  switch (o.state) {
    case OrderState::cancelled:
    case OrderState::failed:
      return "a canceled Magento order is final";
    case OrderState::refunded:
      return "a closed Magento order is final";
    case OrderState::completed:
      if (to == OrderState::refunded) return std::nullopt;  // a credit memo closes it
      return "a complete Magento order can only be refunded (closed)";
    case OrderState::on_hold:
      if (to == OrderState::pending || to == OrderState::processing) return std::nullopt;
      return "a Magento order on hold must be released (unhold) first";
    case OrderState::processing:
      if (to == OrderState::pending) return "a Magento order never returns to new";
      break;
    case OrderState::pending:
      break;
  }
  if (to == OrderState::refunded && !o.paid) return "nothing was invoiced to refund";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> refused_transition(Platform platform, const Order& order,
                                              OrderState to) {
  if (order.state == to) return std::nullopt;
  switch (platform) {
    case Platform::shopify:
      return shopify_refusal(order, to);
    case Platform::magento:
      return magento_refusal(order, to);
    default:
      return std::nullopt;
  }
}

void apply_transition(Order& o, OrderState to, Time now) {
  o.state = to;
  if (to != OrderState::on_hold) {
    // Released by the merchant: the holds apps placed (Shopify) go with it.
    o.app_holds.clear();
    o.hold_before.reset();
  }
  if (to == OrderState::processing || to == OrderState::completed) {
    if (!o.paid) o.paid_at = now;
    o.paid = true;
  }
  if (to == OrderState::completed) {
    set_fulfilled(o, o.quantity());
    o.completed_at = now;
  } else if (o.fulfilled_quantity >= o.quantity() && o.quantity() > 0) {
    // Reopened: the fulfillments are cancelled (Shopify), the shipment undone.
    set_fulfilled(o, 0);
    o.completed_at.reset();
  }
  if (to == OrderState::cancelled) {
    o.cancelled_at = now;
  } else {
    o.cancelled_at.reset();  // WooCommerce and BigCommerce let a merchant reopen an order
  }
  if (to == OrderState::refunded) o.refunded = o.total();
}

}  // namespace sandbox::control
