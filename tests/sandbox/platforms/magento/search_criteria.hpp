#pragma once
// Magento's searchCriteria query parameters (rest/use-rest/performing-searches.md):
//   searchCriteria[filter_groups][G][filters][F][field|value|condition_type]
//   searchCriteria[sortOrders][N][field|direction], [pageSize], [currentPage]
// Both spellings are accepted (filter_groups/filterGroups, condition_type/conditionType,
// sort_orders/sortOrders, page_size/pageSize, current_page/currentPage), as Magento does.
// Filters within a group are OR-ed; groups are AND-ed.

#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "common/params.hpp"

namespace sandbox::mage {

struct Filter {
  std::string field;
  std::string value;
  std::string condition = "eq";
};

struct SortOrder {
  std::string field;
  std::string direction = "ASC";
};

struct SearchCriteria {
  std::vector<std::vector<Filter>> groups;
  std::vector<SortOrder> sort;
  std::optional<std::int64_t> page_size;
  std::int64_t current_page = 1;
};

/// nullopt with `error` set when a condition type or number is invalid.
std::optional<SearchCriteria> parse_search_criteria(const std::vector<Param>& query,
                                                    std::string& error);

/// The `search_criteria` object Magento echoes in list answers.
boost::json::object echo(const SearchCriteria& c);

/// Does `actual` (the entity's field as text) satisfy `filter`? Dates compare as text, which
/// works for Magento's "YYYY-MM-DD HH:MM:SS"; numbers compare numerically when both parse.
bool matches(const Filter& filter, const std::optional<std::string>& actual);

}  // namespace sandbox::mage
