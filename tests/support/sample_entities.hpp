#pragma once
// Fully populated schema v1 entities for tests: every optional field set somewhere, several
// currencies, unicode text, a guest and a registered buyer.

#include <cartgate/schema.hpp>

namespace cartgate::test {

Order sample_order();
Order sample_guest_order_jpy();
Customer sample_customer();
Product sample_product();
Cart sample_cart();
Event sample_event(EventType type);

}  // namespace cartgate::test
