#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "model/store.hpp"

namespace sandbox::shop {

enum class Kind { order, customer, product, variant, line, checkout, webhook };

/// The Shopify id of a sandbox entity (Shopify ids are large integers).
std::int64_t sid(Kind kind, std::int64_t id);
/// "2026-12-03T16:40:02Z": Shopify's DateTime.
std::string utc(Time t);
/// "gid://shopify/Order/5530000000001".
std::string gid(std::string_view type, std::int64_t id);
/// The number of a gid of `type` ("gid://shopify/<type>/<n>"); nullopt for anything else.
std::optional<std::int64_t> gid_number(const boost::json::value* v, std::string_view type);

boost::json::object money_bag(const Store& store, std::int64_t minor);
std::string financial_status(const Order& o);    // OrderDisplayFinancialStatus
std::string fulfillment_status(const Order& o);  // OrderDisplayFulfillmentStatus

// GraphQL graph nodes.
inline constexpr std::int64_t kShopLocationId = 76'000'000'000;
/// The shop's one location: every order ships from it and every item is stocked at it.
boost::json::object location_node();
boost::json::object order_node(const Store& store, const Order& o);
boost::json::object customer_node(const Store& store, const Customer& c);
/// A customer's one address as a MailingAddress with its id (its gid names the customer's
/// number: the sandbox keeps one address per customer).
boost::json::object customer_address_node(const Customer& c);
std::string customer_address_gid(const Customer& c);
/// A customer's CustomerEmailMarketingConsentState: marketingState, its opt-in level and time.
boost::json::object email_marketing_consent(const Customer& c);
boost::json::object product_node(const Store& store, const Product& p);
boost::json::object checkout_node(const Store& store, const Cart& c, std::int64_t index);
boost::json::object webhook_node(const Subscription& s);

// REST shapes, as webhooks carry them.
boost::json::object order_rest(const Store& store, const Order& o);
boost::json::object customer_rest(const Store& store, const Customer& c);
boost::json::object product_rest(const Store& store, const Product& p);
boost::json::object cart_rest(const Store& store, const Cart& c);
/// The checkout a cart became (checkouts/* webhooks); `index` as for checkout_node.
boost::json::object checkout_rest(const Store& store, const Cart& c, std::int64_t index);

}  // namespace sandbox::shop
