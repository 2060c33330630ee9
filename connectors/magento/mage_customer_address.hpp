#pragma once
// A Magento customer's default address as a write sends it: Magento saves a customer's addresses
// with the customer, as one list that replaces the stored one (an address not listed is
// deleted), and keeps the customer's phone on its default billing address (`telephone`).

#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/schema/address.hpp>

namespace cartgate::mage {

/// `a` as a Magento address (AddressInterface: `street` a list, `region` an object, `country_id`,
/// `telephone`), named `first` `last` when it names nobody itself (Magento requires the names).
boost::json::object address_json(const Address& a, const std::string& first,
                                 const std::string& last);

/// The customer's addresses as read (`customer`: a GET customers/<id> answer), with the default
/// billing address replaced by `address` (its id and default flags kept), or `address` added as
/// the default billing and shipping address when there is none; `phone` alone (no `address`)
/// becomes the default address's `telephone`. Every other address is sent back as read, so the
/// save keeps it. nullopt: a phone with no default address to hold it.
std::optional<boost::json::array> addresses_after(const boost::json::object& customer,
                                                  const std::optional<boost::json::object>& address,
                                                  const std::optional<std::string>& phone);

}  // namespace cartgate::mage
