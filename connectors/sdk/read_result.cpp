#include <algorithm>
#include <charconv>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cartgate/sdk/read_result.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

json::value list_result(json::array items, json::array raw,
                        std::optional<std::string> next_page_token,
                        std::optional<std::int64_t> total) {
  json::object out(items.storage());  // in the page's arena: the arrays move, not copy
  out["items"] = std::move(items);
  out["raw"] = std::move(raw);
  out["next_page_token"] = next_page_token ? json::value(*next_page_token) : json::value(nullptr);
  out["total"] = total ? json::value(*total) : json::value(nullptr);
  return out;
}

json::value count_result(std::int64_t count) {
  return json::object{{"count", count}};
}

json::value info_result(json::value item, json::value raw) {
  json::object out(item.storage());
  out.reserve(2);
  out.emplace("item", std::move(item));
  out.emplace("raw", std::move(raw));
  return out;
}

json::object page_number_object(const PageNumberPosition& position) {
  return json::object{
      {"page", position.page}, {"limit", position.limit}, {"pin", format_rfc3339(position.pin)}};
}

std::optional<PageNumberPosition> decode_page_number(const json::object& state, int max_limit) {
  const json::value* page = state.if_contains("page");
  const json::value* limit = state.if_contains("limit");
  const json::value* pin = state.if_contains("pin");
  if (page == nullptr || !page->is_int64() || page->get_int64() < 1 || limit == nullptr ||
      !limit->is_int64() || limit->get_int64() < 1 || limit->get_int64() > max_limit ||
      pin == nullptr || !pin->is_string()) {
    return std::nullopt;
  }
  auto pinned = parse_rfc3339(pin->get_string());
  if (!pinned) return std::nullopt;
  return PageNumberPosition{page->get_int64(), static_cast<int>(limit->get_int64()), *pinned};
}

std::optional<PageNumberPosition> page_number_position(std::string_view page_token, int page_size,
                                                       Timestamp now, int max_limit) {
  if (page_token.empty()) {
    return PageNumberPosition{1, std::clamp(page_size, 1, std::max(1, max_limit)), scan_pin(now)};
  }
  auto state = decode_page_token(page_token);
  if (!state) return std::nullopt;
  return decode_page_number(*state, max_limit);
}

std::string encode_page_token(const json::object& state) {
  return json::serialize(state);
}

std::optional<json::object> decode_page_token(std::string_view token) {
  boost::system::error_code ec;
  json::parse_options options;
  options.max_depth = 64;  // connector state can nest a whole page
  json::value v = json::parse(token, ec, {}, options);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

std::string encode_keyset_token(const KeysetPosition& position) {
  return encode_page_token(
      json::object{{"after", position.after}, {"pin", format_rfc3339(position.pin)}});
}

std::optional<KeysetPosition> decode_keyset_token(std::string_view token) {
  auto state = decode_page_token(token);
  json::value* after = state ? state->if_contains("after") : nullptr;
  const json::value* pin = state ? state->if_contains("pin") : nullptr;
  if (after == nullptr || pin == nullptr || !pin->is_string()) return std::nullopt;
  auto pinned = parse_rfc3339(pin->get_string());
  if (!pinned) return std::nullopt;
  return KeysetPosition{std::move(*after), *pinned};
}

Timestamp scan_pin(Timestamp now) noexcept {
  return now - std::chrono::seconds(1);
}

bool is_numeric_id(std::string_view id) noexcept {
  if (id.empty() || id.size() > 20) return false;
  for (const char c : id) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::int64_t> integer_id(std::string_view id) noexcept {
  if (!is_numeric_id(id)) return std::nullopt;
  std::int64_t out = 0;
  const char* end = id.data() + id.size();
  const auto [ptr, ec] = std::from_chars(id.data(), end, out);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return out;
}

}  // namespace cartgate::sdk
