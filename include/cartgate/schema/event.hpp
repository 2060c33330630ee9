#pragma once

#include <string>
#include <variant>

#include <cartgate/schema/cart.hpp>
#include <cartgate/schema/customer.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/identity.hpp>
#include <cartgate/schema/order.hpp>
#include <cartgate/schema/product.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate {

using EntityData = std::variant<Order, Customer, Product, Cart>;

/// What a subscriber receives: one change of one entity in one store.
struct Event {
  std::string id;
  EventType type = EventType::order_add;
  std::string store_id;
  std::string platform;
  Timestamp occurred_at{};  // when the change happened on the platform
  Timestamp received_at{};  // when cartgate learned of it
  EventSource source = EventSource::webhook;
  Identity identity;
  EntityData data;

  friend bool operator==(const Event&, const Event&) = default;
};

/// The fields every entity carries, whichever it is.
inline const EntityHeader& header_of(const EntityData& entity) noexcept {
  return std::visit([](const auto& e) -> const EntityHeader& { return e; }, entity);
}

/// The entity an event type is about (order.shipment.add is about an order).
Entity entity_of(EventType type) noexcept;

}  // namespace cartgate
