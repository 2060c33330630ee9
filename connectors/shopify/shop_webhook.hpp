#pragma once
// Shopify webhook deliveries: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app client secret,
// raw body)); the body is the REST-shaped resource. Changes name the entity by its id and
// leave the normalized entity to be read through GraphQL before dispatch (one mapping, one
// shape), with X-Shopify-Event-Id as the duplicate key.

#include <cartgate/connector.hpp>

namespace cartgate::shop {

WebhookResult verify_and_parse(const WebhookDelivery& delivery);

}  // namespace cartgate::shop
