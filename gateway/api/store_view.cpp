#include "api/store_view.hpp"

namespace cartgate::api {

namespace json = boost::json;

std::string mask_secret(std::string_view value) {
  // Short secrets show nothing: four characters of an eight-character secret is half of it.
  if (value.size() < 16) return "****";
  return "****" + std::string(value.substr(value.size() - 4));
}

json::object store_view(const StoreRecord& r, const Manifest* manifest,
                        const std::optional<std::map<std::string, std::string>>& credentials) {
  json::object creds;
  if (credentials) {
    for (const auto& [name, value] : *credentials) {
      bool secret = true;  // unknown to the manifest: assume secret
      if (manifest != nullptr) {
        for (const auto& f : manifest->credentials) {
          if (f.name == name) secret = f.secret;
        }
      }
      creds[name] = secret ? mask_secret(value) : value;
    }
  }
  json::object settings;
  for (const auto& [k, v] : r.settings)
    settings[k] = v;
  return json::object{
      {"id", r.id},
      {"platform", r.platform},
      {"name", r.name},
      {"url", r.base_url},
      {"status", r.status},
      {"credentials", credentials ? json::value(std::move(creds)) : json::value("unreadable")},
      {"settings", std::move(settings)},
      {"created_at", r.created_at},
      {"updated_at", r.updated_at}};
}

}  // namespace cartgate::api
