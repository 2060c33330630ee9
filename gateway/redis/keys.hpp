#pragma once
// Every Redis key the gateway uses, in one place. Keys that a script or transaction touches
// together share a {hash tag}, so the layout works unchanged on Redis Cluster:
//   {k:<key_id>}  an API key's record and its GCRA state (one EVALSHA per request)
//   {t:<tenant>}  a tenant's record, key set, stores and store index
//   {s:<store>}   a store's outbound rate-limit bucket (shared by every gateway process)
// docs/architecture.md ("Redis layout") describes each key.

#include <string>
#include <string_view>

namespace cartgate::redis {

class KeyLayout {
 public:
  explicit KeyLayout(std::string ns) : ns_(std::move(ns)) {}
  const std::string& ns() const { return ns_; }

  std::string api_key(std::string_view key_id) const { return join("{k:", key_id, "}:auth"); }
  std::string api_key_gcra(std::string_view key_id) const { return join("{k:", key_id, "}:gcra"); }
  std::string tenants() const { return ns_ + ":tenants"; }
  std::string tenant(std::string_view t) const { return join("{t:", t, "}:tenant"); }
  std::string tenant_keys(std::string_view t) const { return join("{t:", t, "}:keys"); }
  std::string tenant_stores(std::string_view t) const { return join("{t:", t, "}:stores"); }
  std::string tenant_store_seq(std::string_view t) const { return join("{t:", t, "}:store_seq"); }
  std::string store(std::string_view t, std::string_view store_id) const {
    return join("{t:", t, "}:store:") + std::string(store_id);
  }
  std::string store_outbound(std::string_view store_id) const {
    return join("{s:", store_id, "}:outbound");
  }

 private:
  std::string join(std::string_view a, std::string_view b, std::string_view c = {}) const {
    std::string out;
    out.reserve(ns_.size() + 1 + a.size() + b.size() + c.size());
    out.append(ns_).append(":").append(a).append(b).append(c);
    return out;
  }
  std::string ns_;
};

}  // namespace cartgate::redis
