#include <boost/json/value_from.hpp>

#include <cartgate/schema/json.hpp>
#include <cartgate/sdk/page_items.hpp>
#include <cartgate/sdk/read_result.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

json::value entity_json(const MappedEntity& mapped, std::string& error,
                        const json::storage_ptr& sp) {
  if (const auto* reason = std::get_if<std::string>(&mapped)) {
    error = *reason;
    return nullptr;
  }
  return json::value_from(std::get<EntityData>(mapped), sp);
}

PageItems::PageItems(const Call& call, const json::storage_ptr& storage, std::size_t expected)
    : typed_(call.typed_items), items_(storage) {
  if (typed_) {
    entities_.reserve(expected);
  } else {
    items_.reserve(expected);
  }
}

bool PageItems::add(MappedEntity&& mapped, std::string& error) {
  if (auto* reason = std::get_if<std::string>(&mapped)) {
    error = std::move(*reason);
    return false;
  }
  auto& entity = std::get<EntityData>(mapped);
  if (typed_) {
    entities_.push_back(std::move(entity));
  } else {
    items_.push_back(json::value_from(entity, items_.storage()));
  }
  return true;
}

StepOutcome PageItems::finish(json::array raw, std::optional<std::string> next_page_token,
                              std::optional<std::int64_t> total) && {
  StepOutcome out = StepOutcome::finished(
      list_result(std::move(items_), std::move(raw), std::move(next_page_token), total));
  out.entities = std::move(entities_);
  return out;
}

}  // namespace cartgate::sdk
