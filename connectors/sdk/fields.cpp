#include <charconv>

#include <boost/json/object.hpp>

#include <cartgate/sdk/fields.hpp>
#include <cartgate/sdk/platform_json.hpp>

namespace cartgate::sdk {

namespace json = boost::json;

Fields::Fields(const json::value* value, std::string what)
    : object_(value != nullptr ? value->if_object() : nullptr), what_(std::move(what)) {}

const json::value* Fields::find(std::string_view key) const {
  if (object_ == nullptr) return nullptr;
  const json::value* v = object_->if_contains(key);
  return v == nullptr || v->is_null() ? nullptr : v;
}

Fields Fields::object(std::string_view key) const {
  return Fields(find(key), what_ + "." + std::string(key));
}

const json::array* Fields::array(std::string_view key) const {
  const json::value* v = find(key);
  return v != nullptr ? v->if_array() : nullptr;
}

std::optional<std::string> Fields::text(std::string_view key) const {
  const json::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto t = decimal_text(*v);
  if (!t || t->empty()) return std::nullopt;
  return t;
}

std::optional<std::string> Fields::id(std::string_view key) const {
  const json::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  auto t = id_text(*v);
  if (!t || *t == "0") return std::nullopt;
  return t;
}

std::optional<std::int64_t> Fields::integer(std::string_view key) const {
  const json::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (const auto* i = v->if_int64()) return *i;
  if (const auto* u = v->if_uint64()) {
    if (*u > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(*u);
  }
  if (const auto* s = v->if_string()) {
    std::int64_t out = 0;
    const auto* end = s->data() + s->size();
    auto [p, ec] = std::from_chars(s->data(), end, out);
    if (ec == std::errc() && p == end && !s->empty()) return out;
    // "2.0000" (BigCommerce quantities): a whole number with a zero fraction.
    if (ec == std::errc() && p != end && *p == '.') {
      for (const char* q = p + 1; q != end; ++q) {
        if (*q != '0') return std::nullopt;
      }
      return out;
    }
  }
  return std::nullopt;
}

std::optional<bool> Fields::boolean(std::string_view key) const {
  const json::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  if (const auto* b = v->if_bool()) return *b;
  if (auto i = integer(key); i && (*i == 0 || *i == 1)) return *i == 1;
  return std::nullopt;
}

std::optional<Money> Fields::money(std::string_view key, std::string_view currency) const {
  const json::value* v = find(key);
  if (v == nullptr) return std::nullopt;
  // Most platforms send amounts as strings: read them in place rather than as a copy.
  if (const auto* s = v->if_string()) {
    if (s->empty()) return std::nullopt;
    return parse_money(std::string_view(*s), currency);
  }
  auto t = decimal_text(*v);
  if (!t || t->empty()) return std::nullopt;
  return parse_money(*t, currency);
}

std::optional<Timestamp> Fields::time(std::string_view key, TimeParser parse) const {
  const json::value* v = find(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) return std::nullopt;
  return parse(v->get_string());
}

void Fields::missing(std::string_view key, std::string_view expected) {
  fail(what_ + ": field '" + std::string(key) + "' is missing or not " + std::string(expected));
}

void Fields::fail(std::string message) {
  if (error_.empty()) error_ = std::move(message);
}

std::string Fields::required_id(std::string_view key) {
  auto v = id(key);
  if (!v) missing(key, "an id");
  return v ? std::move(*v) : std::string();
}

std::string Fields::required_text(std::string_view key) {
  auto v = text(key);
  if (!v) missing(key, "a non-empty string");
  return v ? std::move(*v) : std::string();
}

std::int64_t Fields::required_integer(std::string_view key) {
  auto v = integer(key);
  if (!v) missing(key, "an integer");
  return v.value_or(0);
}

Money Fields::required_money(std::string_view key, std::string_view currency) {
  auto v = money(key, currency);
  if (!v) {
    missing(key, "a decimal amount");
    return Money{0, std::string(currency)};
  }
  return std::move(*v);
}

Timestamp Fields::required_time(std::string_view key, TimeParser parse) {
  auto v = time(key, parse);
  if (!v) missing(key, "a date-time");
  return v.value_or(Timestamp{});
}

}  // namespace cartgate::sdk
