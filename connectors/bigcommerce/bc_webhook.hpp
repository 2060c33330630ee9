#pragma once
// BigCommerce webhook deliveries: thin payloads ({scope, store_id, data:{type,id}, hash,
// created_at, producer}) signed the Standard Webhooks way with the API account's client
// secret as the raw HMAC key. The entity is not in the payload: changes carry only ids and
// the event pipeline fetches the entity before dispatch.

#include <cartgate/connector.hpp>

namespace cartgate::bc {

WebhookResult verify_and_parse(const WebhookDelivery& delivery);

}  // namespace cartgate::bc
