#include <cartgate/schema/event.hpp>

namespace cartgate {

Entity entity_of(EventType type) noexcept {
  switch (type) {
    case EventType::order_add:
    case EventType::order_update:
    case EventType::order_shipment_add:
      return Entity::order;
    case EventType::customer_add:
    case EventType::customer_update:
      return Entity::customer;
    case EventType::product_add:
    case EventType::product_update:
      return Entity::product;
    case EventType::cart_add:
    case EventType::cart_update:
    case EventType::cart_abandoned:
    case EventType::cart_converted:
      return Entity::cart;
  }
  return Entity::order;
}

}  // namespace cartgate
