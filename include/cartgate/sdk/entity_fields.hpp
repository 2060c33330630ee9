#pragma once
// The parts every platform's entities share, read once for all connectors: the header (id and
// dates), postal addresses, and zero amounts. A platform names its keys; the reading, the
// leniency and the errors are the SDK's (fields.hpp).

#include <optional>
#include <string>
#include <string_view>

#include <cartgate/connector.hpp>
#include <cartgate/schema/address.hpp>
#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/money.hpp>
#include <cartgate/sdk/fields.hpp>

namespace cartgate::sdk {

/// Where a platform keeps an entity's id and dates, and how it writes the dates.
struct HeaderKeys {
  std::string_view id = "id";
  std::string_view created_at{};
  std::string_view updated_at{};
  TimeParser parse = nullptr;
};

/// The header of the entity `f` reads: the id and the creation date are required (a failure
/// is recorded in `f`); the update date is the creation date when the platform has none.
void read_header(EntityHeader& header, Fields& f, const HeaderKeys& keys, std::string_view platform,
                 const StoreContext& store);

/// Where a platform keeps an address's parts: each member names its key, "" where the
/// platform has no such part (Magento's street lines, an array, are read by its connector).
/// Every member has a default, so a platform's designated initializer names what differs.
struct AddressKeys {
  std::string_view first_name = "first_name";
  std::string_view last_name = "last_name";
  std::string_view company = "company";
  std::string_view address1{};
  std::string_view address2{};
  std::string_view city = "city";
  std::string_view region{};
  std::string_view region_code{};
  std::string_view postal_code{};
  std::string_view country_code{};
  std::string_view phone = "phone";
};

/// The parts of the address `a` holds, by `keys` (absent or "" parts are nullopt).
Address address_parts(const Fields& a, const AddressKeys& keys);

/// `address`, or nullopt when every part is empty: platforms send empty address objects for
/// "none".
std::optional<Address> unless_empty(Address address);

/// The address `a` holds, or nullopt when `a` is absent or every part is empty.
std::optional<Address> read_address(const Fields& a, const AddressKeys& keys);

/// An amount of zero in `currency` (totals a platform leaves out).
inline Money zero_money(const std::string& currency) {
  return Money{0, currency};
}

}  // namespace cartgate::sdk
