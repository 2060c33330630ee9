#include "events/stream_event.hpp"

#include "redis/stream_entry.hpp"

namespace cartgate::events {

StreamEvent stream_event_from(const redis::Reply& entry) {
  StreamEvent out;
  redis::read_stream_entry(entry, out.stream_id,
                           [&](std::string_view name, const std::string& value) {
                             if (name == "id") {
                               out.id = value;
                             } else if (name == "type") {
                               out.type = value;
                             } else if (name == "store") {
                               out.store = value;
                             } else if (name == "tail") {
                               out.tail = value;
                             }
                           });
  return out;
}

}  // namespace cartgate::events
