#pragma once
// Normalized schema v1: the C++ mirror of schema/v1/*.json.

#include <cartgate/schema/address.hpp>
#include <cartgate/schema/cart.hpp>
#include <cartgate/schema/customer.hpp>
#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/event.hpp>
#include <cartgate/schema/identity.hpp>
#include <cartgate/schema/line_item.hpp>
#include <cartgate/schema/money.hpp>
#include <cartgate/schema/order.hpp>
#include <cartgate/schema/product.hpp>
#include <cartgate/schema/time.hpp>
