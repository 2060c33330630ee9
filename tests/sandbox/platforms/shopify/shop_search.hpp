#pragma once
// Shopify's search syntax for the `query` argument (docs/api/usage/search-syntax):
// `field:value`, comparators `:>`, `:>=`, `:<`, `:<=`, values bare or quoted ('…' or "…"),
// terms joined by AND (implicit) and OR, negation with `-` or NOT. A bare (unquoted) date-time
// loses its time: only the date counts, a quirk Shopify support confirmed.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox::shop {

struct Term {
  std::string field;
  std::string op = ":";  // ":" (equals), ">", ">=", "<", "<="
  std::string value;
  bool quoted = false;
  bool negated = false;
};

/// OR of ANDs.
using Query = std::vector<std::vector<Term>>;

Query parse_query(std::string_view text);

/// What a resource knows about its fields: the value as text (dates as RFC 3339 UTC), or nullopt
/// when it has no such field (the term then matches nothing).
using FieldLookup = std::function<std::optional<std::string>(const std::string& field)>;

bool matches(const Query& q, const FieldLookup& lookup);

}  // namespace sandbox::shop
