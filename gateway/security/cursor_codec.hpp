#pragma once
// Opaque, tamper-evident pagination cursors: the pagination state as JSON, MAC'd with a key
// derived from the master key and bound to the tenant and the API method, so a cursor can be
// neither edited nor replayed by another tenant or against another method.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

namespace cartgate::security {

class CursorCodec {
 public:
  explicit CursorCodec(std::string mac_key) : key_(std::move(mac_key)) {}
  std::string encode(std::string_view tenant, std::string_view scope,
                     const boost::json::value& state) const;
  std::optional<boost::json::value> decode(std::string_view tenant, std::string_view scope,
                                           std::string_view cursor) const;

 private:
  std::string mac(std::string_view tenant, std::string_view scope, std::string_view payload) const;
  std::string key_;
};

}  // namespace cartgate::security
