#include "events/stream_event.hpp"

namespace cartgate::events {

StreamEvent stream_event_from(const redis::Reply& entry) {
  StreamEvent out;
  if (entry.elements.size() != 2) return out;
  out.stream_id = entry.elements[0].str;
  const auto& f = entry.elements[1].elements;
  for (std::size_t k = 0; k + 1 < f.size(); k += 2) {
    const auto& name = f[k].str;
    if (name == "id")
      out.id = f[k + 1].str;
    else if (name == "type")
      out.type = f[k + 1].str;
    else if (name == "store")
      out.store = f[k + 1].str;
    else if (name == "tail")
      out.tail = f[k + 1].str;
  }
  return out;
}

}  // namespace cartgate::events
