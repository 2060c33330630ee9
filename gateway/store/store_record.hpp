#pragma once

#include <map>
#include <string>

namespace cartgate {

/// A connected store as kept in Redis. Credentials stay sealed (security::Cipher) in the
/// record; only connector calls open them.
struct StoreRecord {
  std::string id;  // "st_" + 20 hex
  std::string tenant;
  std::string platform;
  std::string name;
  std::string base_url;
  std::string sealed_credentials;
  std::map<std::string, std::string> settings;
  std::string status = "active";  // active | disabled
  std::string created_at;         // RFC 3339
  std::string updated_at;
  std::string index_member;  // the store's member in the tenant's list index
};

std::string new_store_id();

/// What sealed credentials are bound to: a sealed blob only opens for its own store.
std::string credentials_associated_data(const StoreRecord& r);

}  // namespace cartgate
