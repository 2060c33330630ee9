#include <cartgate/sdk/entity_fields.hpp>

namespace cartgate::sdk {

namespace {

std::optional<std::string> part(const Fields& a, std::string_view key) {
  return key.empty() ? std::nullopt : a.text(key);
}

}  // namespace

void read_header(EntityHeader& header, Fields& f, const HeaderKeys& keys, std::string_view platform,
                 const StoreContext& store) {
  header.id = f.required_id(keys.id);
  header.store_id = store.store_id;
  header.platform = std::string(platform);
  header.created_at = f.required_time(keys.created_at, keys.parse);
  header.updated_at = f.time(keys.updated_at, keys.parse).value_or(header.created_at);
}

Address address_parts(const Fields& a, const AddressKeys& keys) {
  Address out;
  out.first_name = part(a, keys.first_name);
  out.last_name = part(a, keys.last_name);
  out.company = part(a, keys.company);
  out.address1 = part(a, keys.address1);
  out.address2 = part(a, keys.address2);
  out.city = part(a, keys.city);
  out.region = part(a, keys.region);
  out.region_code = part(a, keys.region_code);
  out.postal_code = part(a, keys.postal_code);
  out.country_code = part(a, keys.country_code);
  out.phone = part(a, keys.phone);
  return out;
}

std::optional<Address> unless_empty(Address address) {
  if (address == Address{}) return std::nullopt;
  return address;
}

std::optional<Address> read_address(const Fields& a, const AddressKeys& keys) {
  if (!a.present()) return std::nullopt;
  return unless_empty(address_parts(a, keys));
}

}  // namespace cartgate::sdk
