#pragma once
// The GraphQL documents the Shopify connector sends, and their page caps. Page sizes are
// chosen so every query stays under Shopify's 1000-point single-query cost ceiling: cost is
// counted by `first`, so nested connections multiply (an order with lineItems(first: 5) costs
// about 70 points).

#include <string_view>

namespace cartgate::shop {

// Pages stay under Shopify's single-query cost ceiling (1000): a customer costs 4 (the node, its
// default address, its addresses, its marketing consent), so 250 of them would cost 1002.
inline constexpr int kOrdersPerPage = 10;
inline constexpr int kCustomersPerPage = 200;
inline constexpr int kProductsPerPage = 50;
inline constexpr int kCheckoutsPerPage = 12;
inline constexpr int kMoreLinesPerQuery = 50;

// Estimated requested cost per node, for the outbound budget before Shopify reports it.
inline constexpr double kOrderCost = 70, kCustomerCost = 4, kProductCost = 13, kCheckoutCost = 62,
                        kLineCost = 10;

// Fragments, each document carries exactly the ones it spreads (GraphQL refuses unused ones).
inline constexpr std::string_view kMoneyFragment =
    "fragment Money on MoneyBag { shopMoney { amount currencyCode } }\n";
inline constexpr std::string_view kAddressFragment =
    "fragment Addr on MailingAddress { firstName lastName company address1 address2 city "
    "province provinceCode zip countryCodeV2 phone }\n";
inline constexpr std::string_view kLineFragment =
    "fragment Line on LineItem { id name quantity sku variant { legacyResourceId } product { "
    "legacyResourceId } originalUnitPriceSet { ...Money } totalDiscountSet { ...Money } taxLines "
    "{ priceSet { ...Money } } }\n";
inline constexpr std::string_view kOrderFragment =
    "fragment O on Order { id legacyResourceId name email createdAt updatedAt cancelledAt "
    "currencyCode displayFinancialStatus displayFulfillmentStatus totalPriceSet { ...Money } "
    "subtotalPriceSet { ...Money } totalTaxSet { ...Money } totalShippingPriceSet { ...Money } "
    "totalDiscountsSet { ...Money } totalRefundedSet { ...Money } customer { legacyResourceId "
    "email } billingAddress { ...Addr } shippingAddress { ...Addr } lineItems(first: 5) { "
    "pageInfo { hasNextPage endCursor } nodes { ...Line } } }\n";
inline constexpr std::string_view kCustomerFragment =
    "fragment C on Customer { id legacyResourceId email firstName lastName phone createdAt "
    "updatedAt emailMarketingConsent { marketingState } defaultAddress { ...Addr } addresses { "
    "...Addr } }\n";
inline constexpr std::string_view kProductFragment =
    "fragment P on Product { id legacyResourceId title status createdAt updatedAt variants(first: "
    "10) { nodes { id legacyResourceId sku title price compareAtPrice inventoryQuantity } } }\n";
inline constexpr std::string_view kCheckoutFragment =
    "fragment K on AbandonedCheckout { id name abandonedCheckoutUrl completedAt createdAt "
    "updatedAt customer { legacyResourceId email } subtotalPriceSet { ...Money } totalPriceSet { "
    "...Money } totalTaxSet { ...Money } totalDiscountSet { ...Money } lineItems(first: 10) { "
    "nodes { id title quantity sku originalUnitPriceSet { ...Money } originalTotalPriceSet { "
    "...Money } } } }\n";

// The app's scopes come with every page of orders: without read_all_orders Shopify lists only
// the last 60 days, and the answer says so (a warning) when the query reaches further.
inline constexpr std::string_view kOrdersQuery =
    "query($first: Int!, $after: String, $query: String) { currentAppInstallation { "
    "accessScopes { handle } } orders(first: $first, after: $after, sortKey: ID, query: $query) "
    "{ pageInfo { hasNextPage endCursor } nodes { ...O } } }";
// How far back an app without read_all_orders sees orders (shopify.dev, "read_all_orders").
inline constexpr int kRecentOrderDays = 60;
inline constexpr std::string_view kCustomersQuery =
    "query($first: Int!, $after: String, $query: String) { customers(first: $first, after: "
    "$after, sortKey: ID, query: $query) { pageInfo { hasNextPage endCursor } nodes { ...C } } }";
inline constexpr std::string_view kProductsQuery =
    "query($first: Int!, $after: String, $query: String) { shop { currencyCode } products(first: "
    "$first, after: $after, sortKey: ID, query: $query) { pageInfo { hasNextPage endCursor } "
    "nodes { ...P } } }";
inline constexpr std::string_view kCheckoutsQuery =
    "query($first: Int!, $after: String, $query: String) { abandonedCheckouts(first: $first, "
    "after: $after, sortKey: ID, query: $query) { pageInfo { hasNextPage endCursor } nodes { ...K "
    "} } }";
inline constexpr std::string_view kOrderQuery = "query($id: ID!) { order(id: $id) { ...O } }";
inline constexpr std::string_view kCustomerQuery = "query($id: ID!) { customer(id: $id) { ...C } }";
inline constexpr std::string_view kProductQuery =
    "query($id: ID!) { shop { currencyCode } product(id: $id) { ...P } }";
inline constexpr std::string_view kMoreLinesQuery =
    "query($id: ID!, $after: String) { order(id: $id) { lineItems(first: 50, after: $after) { "
    "pageInfo { hasNextPage endCursor } nodes { ...Line } } } }";
inline constexpr std::string_view kOrdersCountQuery =
    "query($query: String) { count: ordersCount(query: $query, limit: null) { count precision } }";
inline constexpr std::string_view kCustomersCountQuery =
    "query($query: String) { count: customersCount(query: $query, limit: null) { count precision } "
    "}";
inline constexpr std::string_view kProductsCountQuery =
    "query($query: String) { count: productsCount(query: $query, limit: null) { count precision } "
    "}";

}  // namespace cartgate::shop
