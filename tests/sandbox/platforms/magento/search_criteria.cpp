#include "platforms/magento/search_criteria.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace sandbox::mage {

namespace json = boost::json;

namespace {

// Splits "searchCriteria[a][0][b]" into {"a","0","b"}; nullopt for other keys.
std::optional<std::vector<std::string>> path_of(const std::string& key) {
  constexpr std::string_view kRoot = "searchCriteria";
  if (!key.starts_with(kRoot)) return std::nullopt;
  std::vector<std::string> out;
  std::size_t pos = kRoot.size();
  while (pos < key.size()) {
    if (key[pos] != '[') return std::nullopt;
    const auto close = key.find(']', pos);
    if (close == std::string::npos) return std::nullopt;
    out.push_back(key.substr(pos + 1, close - pos - 1));
    pos = close + 1;
  }
  return out;
}

std::string canonical(std::string_view name) {
  static const std::map<std::string_view, std::string_view> kAliases{
      {"filterGroups", "filter_groups"},
      {"conditionType", "condition_type"},
      {"sortOrders", "sort_orders"},
      {"pageSize", "page_size"},
      {"currentPage", "current_page"}};
  auto it = kAliases.find(name);
  return std::string(it == kAliases.end() ? name : it->second);
}

bool to_int(const std::string& s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool number(const std::string& s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// Numbers compare as numbers; text compares case-insensitively, as under MySQL's default
// collation (so `customer_email eq` matches whatever case the shopper typed).
int compare(const std::string& a, const std::string& b) {
  double x = 0, y = 0;
  if (number(a, x) && number(b, y)) return x < y ? -1 : (x > y ? 1 : 0);
  const auto lower = [](std::string s) {
    for (auto& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string la = lower(a), lb = lower(b);
  return la.compare(lb) < 0 ? -1 : (la == lb ? 0 : 1);
}

// SQL LIKE with % and _ wildcards, case-insensitive as MySQL's default collation.
bool like(std::string_view text, std::string_view pattern) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '%') {
    for (std::size_t i = 0; i <= text.size(); ++i) {
      if (like(text.substr(i), pattern.substr(1))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  const bool same = pattern[0] == '_' || std::tolower(static_cast<unsigned char>(pattern[0])) ==
                                             std::tolower(static_cast<unsigned char>(text[0]));
  return same && like(text.substr(1), pattern.substr(1));
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = s.find(',', start);
    out.push_back(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

}  // namespace

std::optional<SearchCriteria> parse_search_criteria(const std::vector<Param>& query,
                                                    std::string& error) {
  SearchCriteria c;
  std::map<std::int64_t, std::map<std::int64_t, Filter>> groups;
  std::map<std::int64_t, SortOrder> sorts;
  static const std::vector<std::string> kConditions{
      "eq",    "finset", "from",    "gt",  "gteq",  "in",      "like", "lt", "lteq",
      "moreq", "neq",    "nfinset", "nin", "nlike", "notnull", "null", "to"};
  for (const auto& p : query) {
    auto path = path_of(p.key);
    if (!path || path->empty()) continue;
    for (auto& part : *path)
      part = canonical(part);
    const auto& top = (*path)[0];
    std::int64_t a = 0, b = 0;
    if (top == "filter_groups" && path->size() == 5 && to_int((*path)[1], a) &&
        (*path)[2] == "filters" && to_int((*path)[3], b)) {
      Filter& f = groups[a][b];
      const auto& attr = (*path)[4];
      if (attr == "field") f.field = p.value;
      if (attr == "value") f.value = p.value;
      if (attr == "condition_type") {
        if (std::find(kConditions.begin(), kConditions.end(), p.value) == kConditions.end()) {
          error = "Invalid condition type: " + p.value;
          return std::nullopt;
        }
        f.condition = p.value;
      }
    } else if (top == "sort_orders" && path->size() == 3 && to_int((*path)[1], a)) {
      SortOrder& s = sorts[a];
      if ((*path)[2] == "field") s.field = p.value;
      if ((*path)[2] == "direction") s.direction = p.value;
    } else if (top == "page_size" && path->size() == 1) {
      std::int64_t n = 0;
      if (!to_int(p.value, n) || n < 0) {
        error = "\"pageSize\" is not a valid integer.";
        return std::nullopt;
      }
      c.page_size = n;
    } else if (top == "current_page" && path->size() == 1) {
      if (!to_int(p.value, c.current_page) || c.current_page < 1) c.current_page = 1;
    }
  }
  for (auto& [g, filters] : groups) {
    std::vector<Filter> group;
    for (auto& [i, f] : filters)
      group.push_back(f);
    c.groups.push_back(std::move(group));
  }
  for (auto& [i, s] : sorts)
    c.sort.push_back(s);
  return c;
}

json::object echo(const SearchCriteria& c) {
  json::array groups;
  for (const auto& g : c.groups) {
    json::array filters;
    for (const auto& f : g) {
      filters.push_back(
          json::object{{"field", f.field}, {"value", f.value}, {"condition_type", f.condition}});
    }
    groups.push_back(json::object{{"filters", std::move(filters)}});
  }
  json::object out{{"filter_groups", std::move(groups)}};
  if (!c.sort.empty()) {
    json::array sorts;
    for (const auto& s : c.sort) {
      sorts.push_back(json::object{{"field", s.field}, {"direction", s.direction}});
    }
    out["sort_orders"] = std::move(sorts);
  }
  // Known quirk (magento/magento2#35310): page_size is echoed only when the client sent it.
  if (c.page_size) out["page_size"] = *c.page_size;
  out["current_page"] = c.current_page;
  return out;
}

bool matches(const Filter& f, const std::optional<std::string>& actual) {
  const std::string& cond = f.condition;
  if (cond == "null") return !actual;
  if (cond == "notnull") return actual.has_value();
  if (!actual) return cond == "neq" || cond == "nin" || cond == "nlike";
  const std::string& v = *actual;
  if (cond == "eq") return compare(v, f.value) == 0;
  if (cond == "neq") return compare(v, f.value) != 0;
  if (cond == "gt") return compare(v, f.value) > 0;
  if (cond == "gteq" || cond == "from" || cond == "moreq") return compare(v, f.value) >= 0;
  if (cond == "lt") return compare(v, f.value) < 0;
  if (cond == "lteq" || cond == "to") return compare(v, f.value) <= 0;
  if (cond == "like") return like(v, f.value);
  if (cond == "nlike") return !like(v, f.value);
  const auto list = split(f.value);
  const bool in = std::any_of(list.begin(), list.end(),
                              [&](const std::string& x) { return compare(v, x) == 0; });
  if (cond == "in" || cond == "finset") return in;
  if (cond == "nin" || cond == "nfinset") return !in;
  return false;
}

}  // namespace sandbox::mage
