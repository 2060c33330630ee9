#pragma once
// What every connector's customer.add does the same way: after an attempt whose outcome is
// unknown, find the customer that attempt may have created before creating one again.

#include <functional>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cartgate/schema/customer.hpp>
#include <cartgate/sdk/mapped.hpp>
#include <cartgate/sdk/write_params.hpp>

namespace cartgate::sdk {

/// Of the customers a platform lists for an e-mail address (its answer's items, as sent), the
/// one the earlier attempt of `add` may have created: its address the one asked for (without
/// regard to case) and created when may_be_the_attempts() allows. `map` maps one item; an item
/// it cannot map is passed over. nullptr: there is none, and the customer is still to create.
const boost::json::value* attempts_customer(
    const boost::json::array& listed, const CustomerUpdateParams& add,
    const std::function<Mapped<Customer>(const boost::json::value&)>& map);

}  // namespace cartgate::sdk
