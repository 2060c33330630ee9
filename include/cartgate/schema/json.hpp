#pragma once
// Boost.JSON conversions for schema v1, both ways:
//   boost::json::value_from(order)                 -> the schema/v1 JSON shape
//   boost::json::try_value_to<cartgate::Order>(jv) -> result<Order>, never throws
// Reading is strict: a missing required field, a wrong type, an unknown enum value or money
// with the wrong number of minor-unit digits is an error (see schema_errc).

#include <type_traits>

#include <boost/json/fwd.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <cartgate/schema.hpp>

namespace cartgate {

enum class schema_errc {
  not_an_object = 1,
  missing_field,
  wrong_type,
  unknown_enum_value,
  invalid_money,
  invalid_timestamp,
  invalid_currency,
};
const boost::system::error_category& schema_category() noexcept;
inline boost::system::error_code make_error_code(schema_errc e) noexcept {
  return {static_cast<int>(e), schema_category()};
}

#define CARTGATE_SCHEMA_JSON(Type)                                                     \
  void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Type& v); \
  boost::system::result<Type> tag_invoke(boost::json::try_value_to_tag<Type>,          \
                                         const boost::json::value& jv);

CARTGATE_SCHEMA_JSON(Money)
CARTGATE_SCHEMA_JSON(Address)
CARTGATE_SCHEMA_JSON(Identity)
CARTGATE_SCHEMA_JSON(LineItem)
CARTGATE_SCHEMA_JSON(OrderTotals)
CARTGATE_SCHEMA_JSON(Order)
CARTGATE_SCHEMA_JSON(Customer)
CARTGATE_SCHEMA_JSON(ProductVariant)
CARTGATE_SCHEMA_JSON(Product)
CARTGATE_SCHEMA_JSON(CartTotals)
CARTGATE_SCHEMA_JSON(Cart)
CARTGATE_SCHEMA_JSON(Event)

#undef CARTGATE_SCHEMA_JSON

}  // namespace cartgate

template <>
struct boost::system::is_error_code_enum<cartgate::schema_errc> : std::true_type {};
