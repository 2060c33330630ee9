#include "security/cursor_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/sdk/crypto.hpp>

namespace cartgate::security {

namespace {
constexpr std::size_t kMacBytes = 16;
constexpr std::size_t kMaxCursor = 4096;
}  // namespace

std::string CursorCodec::mac(const std::string& key, std::string_view tenant,
                             std::string_view scope, std::string_view payload) const {
  std::string message;
  message.reserve(tenant.size() + scope.size() + payload.size() + 2);
  message.append(tenant).push_back('\0');
  message.append(scope).push_back('\0');
  message.append(payload);
  return sdk::hmac_sha256(key, message).substr(0, kMacBytes);
}

std::string CursorCodec::encode(std::string_view tenant, std::string_view scope,
                                const boost::json::value& state) const {
  const std::string payload = sdk::base64url_encode(boost::json::serialize(state));
  return payload + "." + sdk::base64url_encode(mac(keys_.front(), tenant, scope, payload));
}

std::optional<boost::json::value> CursorCodec::decode(std::string_view tenant,
                                                      std::string_view scope,
                                                      std::string_view cursor) const {
  if (cursor.size() > kMaxCursor) return std::nullopt;
  const auto dot = cursor.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto payload = cursor.substr(0, dot);
  const auto tag = sdk::base64url_decode(cursor.substr(dot + 1));
  if (!tag) return std::nullopt;
  bool genuine = false;
  for (const auto& key : keys_) {
    genuine = genuine || sdk::constant_time_equal(*tag, mac(key, tenant, scope, payload));
  }
  if (!genuine) return std::nullopt;
  const auto json_text = sdk::base64url_decode(payload);
  if (!json_text) return std::nullopt;
  boost::system::error_code ec;
  auto jv = boost::json::parse(*json_text, ec);
  if (ec) return std::nullopt;
  return jv;
}

}  // namespace cartgate::security
