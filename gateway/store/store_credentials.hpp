#pragma once
// Opening a store's sealed credentials, for API calls and background work alike.

#include <map>
#include <optional>
#include <string>

#include "security/cipher.hpp"
#include "store/store_record.hpp"

namespace cartgate {

/// The store's credentials, or nullopt (logged, without the secret) when they do not decrypt
/// with this gateway's master keys.
std::optional<std::map<std::string, std::string>> open_store_credentials(
    const security::Cipher& cipher, const StoreRecord& record);

}  // namespace cartgate
