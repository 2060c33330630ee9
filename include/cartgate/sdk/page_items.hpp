#pragma once
// The records of one list page, in the form the call asked for: schema entities when the
// gateway writes them straight out as text (Call::typed_items: order.list and the other list
// reads), JSON documents otherwise (the poller and the event writer, plugins across the ABI).
// A connector adds each mapped record once and finishes the page here, whichever it is.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/storage_ptr.hpp>

#include <cartgate/connector.hpp>
#include <cartgate/sdk/mapped.hpp>

namespace cartgate::sdk {

class PageItems {
 public:
  /// JSON items are built in `storage`, the page's arena; room is made for `expected` records
  /// (moving a vector of entities as it grows costs more than it seems).
  PageItems(const Call& call, const boost::json::storage_ptr& storage, std::size_t expected = 0);

  /// Adds the record; false, with `error` set, when it could not be mapped.
  bool add(MappedEntity&& mapped, std::string& error);
  std::size_t size() const noexcept { return typed_ ? entities_.size() : items_.size(); }

  /// The finished read (list_result): the JSON items, or, typed, an empty "items" with the
  /// entities beside it in StepOutcome::entities.
  StepOutcome finish(boost::json::array raw, std::optional<std::string> next_page_token,
                     std::optional<std::int64_t> total) &&;

 private:
  bool typed_;
  boost::json::array items_;
  std::vector<EntityData> entities_;
};

}  // namespace cartgate::sdk
