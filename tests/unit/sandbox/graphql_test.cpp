// The Shopify emulation's GraphQL engine and search syntax, without a store behind them.
#include "graphql/graphql.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "platforms/shopify/shop_search.hpp"

namespace sandbox {
namespace {

namespace json = boost::json;

struct Prepared {
  graphql::Document doc;
  graphql::Request request;
};

// Parses and prepares `text`; fails the test when either step reports an error.
Prepared prepare(std::string_view text, const json::object& variables = {}) {
  Prepared p;
  graphql::Error error;
  auto doc = graphql::parse(text, error);
  EXPECT_TRUE(doc.has_value()) << error.message;
  if (!doc) return p;
  p.doc = std::move(*doc);
  auto request = graphql::prepare(p.doc, "", variables, error);
  EXPECT_TRUE(request.has_value()) << error.message;
  if (request) p.request = *request;
  return p;
}

std::string parse_error(std::string_view text) {
  graphql::Error error;
  auto doc = graphql::parse(text, error);
  EXPECT_FALSE(doc.has_value());
  return error.message;
}

// A graph with three orders keyed 001..003.
json::object shop_graph() {
  json::array orders;
  std::vector<std::string> keys;
  for (int i = 1; i <= 3; ++i) {
    orders.push_back(
        json::object{{"__typename", "Order"}, {"id", i}, {"name", "#100" + std::to_string(i)}});
    keys.push_back("00" + std::to_string(i));
  }
  return json::object{{"__typename", "QueryRoot"},
                      {"orders", graphql::connection(std::move(orders), std::move(keys))}};
}

json::value run(Prepared& p, std::vector<graphql::Error>& errors) {
  std::vector<std::string> path;
  return graphql::project(p.request.operation->selections, shop_graph(), p.request, path, errors);
}

TEST(SandboxGraphql, ParsesVariablesAliasesAndFragments) {
  auto p = prepare(R"(
    query Orders($n: Int = 2, $skipName: Boolean!) {
      list: orders(first: $n) { nodes { ...OrderFields } }
    }
    fragment OrderFields on Order { id name @skip(if: $skipName) }
  )",
                   json::object{{"skipName", true}});
  std::vector<graphql::Error> errors;
  const json::value out = run(p, errors);
  ASSERT_TRUE(errors.empty()) << errors.front().message;
  EXPECT_EQ(out, json::parse(R"({"list":{"nodes":[{"id":1},{"id":2}]}})"));
}

TEST(SandboxGraphql, PagesForwardAndBackwardWithCursors) {
  auto first = prepare(
      "{ orders(first: 2) { edges { cursor node { id } } pageInfo { "
      "hasNextPage hasPreviousPage endCursor } } }");
  std::vector<graphql::Error> errors;
  const json::value page1 = run(first, errors);
  ASSERT_TRUE(errors.empty());
  const auto& info = page1.at("orders").at("pageInfo");
  EXPECT_TRUE(info.at("hasNextPage").as_bool());
  EXPECT_FALSE(info.at("hasPreviousPage").as_bool());

  const std::string after(info.at("endCursor").as_string());
  auto second = prepare(
      "query($c: String) { orders(first: 2, after: $c) { nodes { id } "
      "pageInfo { hasNextPage hasPreviousPage } } }",
      json::object{{"c", after}});
  const json::value page2 = run(second, errors);
  ASSERT_TRUE(errors.empty());
  EXPECT_EQ(page2.at("orders").at("nodes"), json::parse(R"([{"id":3}])"));
  EXPECT_FALSE(page2.at("orders").at("pageInfo").at("hasNextPage").as_bool());
  EXPECT_TRUE(page2.at("orders").at("pageInfo").at("hasPreviousPage").as_bool());

  auto reversed = prepare("{ orders(first: 1, reverse: true) { nodes { id } } }");
  EXPECT_EQ(run(reversed, errors).at("orders").at("nodes"), json::parse(R"([{"id":3}])"));
}

TEST(SandboxGraphql, ConnectionsNeedABoundedPageSize) {
  std::vector<graphql::Error> errors;
  auto unbounded = prepare("{ orders { nodes { id } } }");
  run(unbounded, errors);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].extensions.at("code"), "MISSING_PAGINATION");

  errors.clear();
  auto oversized = prepare("{ orders(last: 251) { nodes { id } } }");
  run(oversized, errors);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].extensions.at("code"), "MAX_PAGE_SIZE_EXCEEDED");
}

TEST(SandboxGraphql, UnknownFieldsAreReportedWithTheirPath) {
  auto p = prepare("{ orders(first: 1) { nodes { id colour } } }");
  std::vector<graphql::Error> errors;
  run(p, errors);
  ASSERT_EQ(errors.size(), 1U);
  EXPECT_EQ(errors[0].extensions.at("code"), "undefinedField");
  EXPECT_EQ(errors[0].path.back(), "colour");
}

TEST(SandboxGraphql, CostCountsConnectionsByPageSize) {
  // orders: 2 + 10 * (1 node + lineItems: 2 + 5 * 1) = 82
  auto p = prepare("{ orders(first: 10) { nodes { id lineItems(first: 5) { nodes { id } } } } }");
  EXPECT_EQ(graphql::cost(p.request.operation->selections, p.request), 82);
}

TEST(SandboxGraphql, CostSaturatesInsteadOfOverflowing) {
  auto p = prepare(
      "{ a(first: 2147483647) { nodes { b(first: 2147483647) { nodes { c(first: 2147483647) { "
      "nodes { id } } } } } } }");
  const int cost = graphql::cost(p.request.operation->selections, p.request);
  EXPECT_GT(cost, 1000);
  EXPECT_LE(cost, 1'000'000'000);
}

TEST(SandboxGraphql, SyntaxErrorsCarryALocation) {
  graphql::Error error;
  EXPECT_FALSE(graphql::parse("{\n  orders(first: ) }", error).has_value());
  EXPECT_EQ(error.location.line, 2);
  EXPECT_EQ(error.extensions.at("code"), "PARSE_ERROR");
}

TEST(SandboxGraphql, HostileDocumentsGetErrorsNotCrashes) {
  std::string nested;
  for (int i = 0; i < 50000; ++i)
    nested += "{ a ";
  EXPECT_NE(parse_error(nested).find("nests deeper"), std::string::npos);
  EXPECT_NE(parse_error("{ a(x: " + std::string(100000, '[') + ") }").find("nests deeper"),
            std::string::npos);
  EXPECT_NE(parse_error("{ ...A } fragment A on Q { ...A }").find("infinite loop"),
            std::string::npos);
  EXPECT_NE(parse_error("{ ...Missing }").find("not defined"), std::string::npos);

  // Each fragment spreads the next twice: 2^40 fields once expanded.
  std::string spread_twice = "{ ...F0 }";
  for (int i = 0; i < 40; ++i) {
    spread_twice += " fragment F" + std::to_string(i) + " on Q { x { ...F" + std::to_string(i + 1) +
                    " } y { ...F" + std::to_string(i + 1) + " } }";
  }
  spread_twice += " fragment F40 on Q { id }";
  EXPECT_NE(parse_error(spread_twice).find("too many fields"), std::string::npos);
}

TEST(SandboxShopifySearch, TermsComparatorsAndOr) {
  const auto q = shop::parse_query("status:open created_at:>'2024-01-01T00:00:00Z' OR -tag:x");
  ASSERT_EQ(q.size(), 2U);
  ASSERT_EQ(q[0].size(), 2U);
  EXPECT_EQ(q[0][1].field, "created_at");
  EXPECT_EQ(q[0][1].op, ">");
  EXPECT_TRUE(q[0][1].quoted);
  EXPECT_TRUE(q[1][0].negated);

  const auto lookup = [](const std::string& field) -> std::optional<std::string> {
    if (field == "status") return "open";
    if (field == "created_at") return "2024-03-01T10:00:00Z";
    if (field == "tag") return "y";
    return std::nullopt;
  };
  EXPECT_TRUE(shop::matches(q, lookup));
  EXPECT_FALSE(shop::matches(shop::parse_query("status:closed"), lookup));
}

TEST(SandboxShopifySearch, UnquotedDateTimesCompareByDateOnly) {
  const auto lookup = [](const std::string&) -> std::optional<std::string> {
    return "2024-03-01T10:00:00Z";
  };
  // Quoted, the time counts: 10:00 is after 09:00.
  EXPECT_TRUE(shop::matches(shop::parse_query("updated_at:>'2024-03-01T09:00:00Z'"), lookup));
  // Bare, only the date counts, and the 1st is not after the 1st.
  EXPECT_FALSE(shop::matches(shop::parse_query("updated_at:>2024-03-01T09:00:00Z"), lookup));
}

}  // namespace
}  // namespace sandbox
