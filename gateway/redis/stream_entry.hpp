#pragma once
// Reading one stream entry as XRANGE, XREADGROUP and XAUTOCLAIM list it: [id, [field, value,
// …]]. Shared by the ingest worker (inbox), the deliverer (subscription queues), and the event
// API and replay (event streams).

#include <string>
#include <string_view>

#include "redis/reply.hpp"

namespace cartgate::redis {

/// Sets `id` and calls `field(name, value)` for each of the entry's field/value pairs, in
/// order (a name with no value is dropped); false, with nothing called, when `entry` does not
/// have that shape.
template <class OnField>
bool read_stream_entry(const Reply& entry, std::string& id, OnField&& field) {
  if (entry.elements.size() != 2) return false;
  id = entry.elements[0].str;
  const auto& fields = entry.elements[1].elements;
  for (std::size_t k = 0; k + 1 < fields.size(); k += 2)
    field(std::string_view(fields[k].str), fields[k + 1].str);
  return true;
}

}  // namespace cartgate::redis
