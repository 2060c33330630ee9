#include "store/store_credentials.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "log/logger.hpp"

namespace cartgate {

std::optional<std::map<std::string, std::string>> open_store_credentials(
    const security::Cipher& cipher, const StoreRecord& record) {
  auto text = cipher.open(record.sealed_credentials, credentials_associated_data(record));
  if (!text) {
    log::error("store credentials do not decrypt (wrong or retired master key?)",
               {{"store_id", record.id}});
    return std::nullopt;
  }
  boost::system::error_code ec;
  auto jv = boost::json::parse(*text, ec);
  if (ec || !jv.is_object()) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : jv.get_object()) {
    if (v.is_string()) out.emplace(std::string(k), std::string(v.get_string()));
  }
  return out;
}

}  // namespace cartgate
