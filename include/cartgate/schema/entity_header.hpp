#pragma once

#include <string>

#include <cartgate/schema/time.hpp>

namespace cartgate {

/// The fields every normalized entity carries.
struct EntityHeader {
  std::string id;        // the platform's own id, as a string
  std::string store_id;  // the cartgate store id
  std::string platform;  // connector name: shopify, woocommerce, magento, bigcommerce, ...
  Timestamp created_at{};
  Timestamp updated_at{};

  friend bool operator==(const EntityHeader&, const EntityHeader&) = default;
};

}  // namespace cartgate
