#include <cartgate/schema/identity.hpp>
#include <cartgate/sdk/customer_add.hpp>

namespace cartgate::sdk {

const boost::json::value* attempts_customer(
    const boost::json::array& listed, const CustomerUpdateParams& add,
    const std::function<Mapped<Customer>(const boost::json::value&)>& map) {
  const auto wanted = normalize_email(add.email.value_or(""));
  if (!wanted) return nullptr;
  for (const auto& item : listed) {
    auto mapped = map(item);
    const auto* customer = std::get_if<Customer>(&mapped);
    if (customer == nullptr || customer->email != wanted) continue;
    if (may_be_the_attempts(customer->created_at, add.since)) return &item;
  }
  return nullptr;
}

}  // namespace cartgate::sdk
