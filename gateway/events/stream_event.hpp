#pragma once
// One entry of a tenant's event stream ({t}:events), as the event writer appends it.

#include <string>

#include "redis/reply.hpp"

namespace cartgate::events {

struct StreamEvent {
  std::string stream_id;
  std::string id;     // evt_…
  std::string type;   // order.add, store.webhooks_repaired, …
  std::string store;  // the store's id
  std::string tail;   // the envelope's members after id and type
};

/// An XRANGE/XREAD entry [stream id, [field, value, …]]; unknown fields are ignored.
StreamEvent stream_event_from(const redis::Reply& entry);

}  // namespace cartgate::events
