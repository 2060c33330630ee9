#include "store/store_record.hpp"

#include <cartgate/sdk/crypto.hpp>

namespace cartgate {

std::string new_store_id() {
  return "st_" + sdk::hex_encode(sdk::random_bytes(10));
}

std::string credentials_associated_data(const StoreRecord& r) {
  return "cartgate/store-credentials/v1/" + r.tenant + "/" + r.id;
}

}  // namespace cartgate
