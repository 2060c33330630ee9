#pragma once
// Schema v1 entities as JSON text, written straight from the struct: byte for byte what
// boost::json::serialize(boost::json::value_from(entity)) gives, without the document in
// between. Building that document costs about three times as much as writing the text
// (docs/performance.md). Driven by the same descriptions as the conversions (describe.hpp).

#include <string>

#include <cartgate/schema/cart.hpp>
#include <cartgate/schema/customer.hpp>
#include <cartgate/schema/event.hpp>
#include <cartgate/schema/order.hpp>
#include <cartgate/schema/product.hpp>

namespace cartgate {

void append_json(std::string& out, const Order& order);
void append_json(std::string& out, const Customer& customer);
void append_json(std::string& out, const Product& product);
void append_json(std::string& out, const Cart& cart);
/// Whichever entity it holds.
void append_json(std::string& out, const EntityData& entity);

}  // namespace cartgate
