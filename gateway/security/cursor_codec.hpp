#pragma once
// Opaque, tamper-evident pagination cursors: the pagination state as JSON, MAC'd with a key
// derived from the master key and bound to the tenant and the API method, so a cursor can be
// neither edited nor replayed by another tenant or against another method.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace cartgate::security {

class CursorCodec {
 public:
  explicit CursorCodec(std::string mac_key) : keys_{std::move(mac_key)} {}
  /// The first key signs; every one verifies, so cursors issued before a master-key rotation
  /// keep working while the old key is still configured.
  explicit CursorCodec(std::vector<std::string> mac_keys) : keys_(std::move(mac_keys)) {}
  std::string encode(std::string_view tenant, std::string_view scope,
                     const boost::json::value& state) const;
  std::optional<boost::json::value> decode(std::string_view tenant, std::string_view scope,
                                           std::string_view cursor) const;

 private:
  std::string mac(const std::string& key, std::string_view tenant, std::string_view scope,
                  std::string_view payload) const;
  std::vector<std::string> keys_;
};

}  // namespace cartgate::security
