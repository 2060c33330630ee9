#pragma once
// WooCommerce webhook deliveries (class-wc-webhook.php): the unsigned ping sent when a webhook
// is created, and signed deliveries whose body is the resource as GET returns it.

#include <cartgate/connector.hpp>

namespace cartgate::woo {

WebhookResult verify_and_parse(const WebhookDelivery& delivery);

}  // namespace cartgate::woo
