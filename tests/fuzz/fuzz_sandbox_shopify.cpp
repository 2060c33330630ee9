// Untrusted from the sandbox's side: GraphQL documents and search strings a connector under test
// sends to the Shopify emulation. Parsing, preparing and costing must end in a result or an error.
#include <cstdint>
#include <string_view>

#include "graphql/graphql.hpp"
#include "platforms/shopify/shop_search.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace graphql = sandbox::graphql;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto search = sandbox::shop::parse_query(text);
  (void)sandbox::shop::matches(search, [](const std::string&) { return "2024-01-01T00:00:00Z"; });
  graphql::Error error;
  const auto doc = graphql::parse(text, error);
  if (!doc) return 0;
  for (const auto& op : doc->operations) {
    if (const auto request = graphql::prepare(*doc, op.name, {}, error)) {
      (void)graphql::cost(request->operation->selections, *request);
    }
  }
  return 0;
}
