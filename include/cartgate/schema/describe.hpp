#pragma once
// One description per schema v1 type: its members in JSON order, each named as its JSON key.
// The JSON conversions both ways (schema_json.cpp) and the direct text writer
// (json_text.hpp) are driven by these lists, so a new field is one line here and one in its
// struct. Money and Event are not described: money is written as decimal text with its
// currency, and an event's data is whichever entity its type names.

#include <boost/describe/class.hpp>

#include <cartgate/schema/address.hpp>
#include <cartgate/schema/cart.hpp>
#include <cartgate/schema/customer.hpp>
#include <cartgate/schema/entity_header.hpp>
#include <cartgate/schema/identity.hpp>
#include <cartgate/schema/line_item.hpp>
#include <cartgate/schema/order.hpp>
#include <cartgate/schema/product.hpp>

namespace cartgate {

BOOST_DESCRIBE_STRUCT(Address, (),
                      (first_name, last_name, company, address1, address2, city, region,
                       region_code, postal_code, country_code, phone))
BOOST_DESCRIBE_STRUCT(Identity, (), (email, customer_id, guest))
BOOST_DESCRIBE_STRUCT(EntityHeader, (), (id, store_id, platform, created_at, updated_at))
BOOST_DESCRIBE_STRUCT(LineItem, (),
                      (id, product_id, variant_id, sku, name, quantity, unit_price, subtotal,
                       discount, tax, total))
BOOST_DESCRIBE_STRUCT(OrderTotals, (), (subtotal, discount, shipping, tax, total, refunded))
BOOST_DESCRIBE_STRUCT(Order, (EntityHeader),
                      (number, status, native_status, financial_status, fulfillment_status,
                       currency, totals, identity, billing_address, shipping_address, line_items,
                       cancelled_at))
BOOST_DESCRIBE_STRUCT(Customer, (EntityHeader),
                      (email, first_name, last_name, phone, email_marketing, default_address,
                       addresses))
BOOST_DESCRIBE_STRUCT(ProductVariant, (),
                      (id, sku, name, price, inventory_quantity, compare_at_price))
BOOST_DESCRIBE_STRUCT(Product, (EntityHeader),
                      (name, sku, status, native_status, price, compare_at_price,
                       inventory_quantity, variants))
BOOST_DESCRIBE_STRUCT(CartTotals, (), (subtotal, discount, tax, total))
BOOST_DESCRIBE_STRUCT(Cart, (EntityHeader),
                      (status, currency, totals, identity, line_items, converted_order_id,
                       checkout_url))

}  // namespace cartgate
