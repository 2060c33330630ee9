// Boost.JSON conversions for schema v1. Writers emit every schema field (optional ones as null)
// so the JSON shape is the same for every platform; readers are strict and never throw.
#include <optional>
#include <string>
#include <type_traits>

#include "described.hpp"
#include "json_reader.hpp"

namespace cartgate {

namespace json = boost::json;
using boost::system::error_code;
using boost::system::result;

namespace {

class SchemaCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "cartgate.schema"; }
  std::string message(int ev) const override {
    switch (static_cast<schema_errc>(ev)) {
      case schema_errc::not_an_object:
        return "expected a JSON object";
      case schema_errc::missing_field:
        return "a required field is missing";
      case schema_errc::wrong_type:
        return "a field has the wrong JSON type";
      case schema_errc::unknown_enum_value:
        return "a field has a value outside its enum";
      case schema_errc::invalid_money:
        return "money amount does not match its currency";
      case schema_errc::invalid_timestamp:
        return "timestamp is not RFC 3339";
      case schema_errc::invalid_currency:
        return "currency is not an ISO 4217 code";
    }
    return "unknown schema error";
  }
};

using detail::finish;
using detail::to_json;
using Reader = detail::JsonReader;

// An object whose members are built in its own storage and moved into place. An initializer
// list of value_refs would copy every member, and a nested object once per level above it:
// that copying was most of the cost of mapping a page of orders.
class Members {
 public:
  Members(const json::storage_ptr& sp, std::size_t count) : object_(sp) { object_.reserve(count); }
  Members& put(std::string_view key, json::value&& v) {
    object_.emplace(key, std::move(v));
    return *this;
  }
  Members& put(std::string_view key, std::string_view text) {
    object_.emplace(key, text);
    return *this;
  }
  template <class T>
  Members& put(std::string_view key, const T& v) {
    return put(key, to_json(v, object_.storage()));
  }
  json::object& object() { return object_; }

 private:
  json::object object_;
};

template <class T>
json::value described_json(const T& v, const json::storage_ptr& sp) {
  Members out(sp, detail::member_count<T>());
  // std::optional members are written as null when empty.
  detail::for_each_member(v, [&](const char* name, const auto& field) { out.put(name, field); });
  return std::move(out.object());
}

// Strict reading: a std::optional member may be absent or null, every other one is required.
template <class T>
void read_members(Reader& r, T& v) {
  detail::for_each_member(v, [&](const char* name, auto& field) {
    if constexpr (detail::is_optional<std::remove_cvref_t<decltype(field)>>::value) {
      r.optional(name, field);
    } else {
      r.required(name, field);
    }
  });
}

}  // namespace

const boost::system::error_category& schema_category() noexcept {
  static const SchemaCategory category;
  return category;
}

// ---- Money -------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Money& m) {
  const json::storage_ptr sp = jv.storage();
  Members out(sp, 2);
  out.put("amount", format_amount(m));
  out.put("currency", m.currency);
  jv = std::move(out.object());
}
result<Money> tag_invoke(json::try_value_to_tag<Money>, const json::value& jv) {
  Reader r(jv);
  std::string amount, currency;
  r.required("amount", amount);
  r.required("currency", currency);
  if (r.error()) return r.error();
  if (!is_currency_code(currency)) return error_code(schema_errc::invalid_currency);
  auto m = parse_money(amount, currency);
  // Normalized money carries exactly the currency's minor-unit digits; re-formatting
  // must give back the same text.
  if (!m || format_amount(*m) != amount) return error_code(schema_errc::invalid_money);
  return *m;
}

// ---- Every described type (describe.hpp): members in their listed order, bases first ------

#define CARTGATE_DESCRIBED_JSON(Type)                                            \
  void tag_invoke(json::value_from_tag, json::value& jv, const Type& v) {        \
    jv = described_json(v, jv.storage());                                        \
  }                                                                              \
  result<Type> tag_invoke(json::try_value_to_tag<Type>, const json::value& jv) { \
    Reader r(jv);                                                                \
    Type v;                                                                      \
    if (!r.error()) read_members(r, v);                                          \
    return finish(r, std::move(v));                                              \
  }

CARTGATE_DESCRIBED_JSON(Address)
CARTGATE_DESCRIBED_JSON(Identity)
CARTGATE_DESCRIBED_JSON(LineItem)
CARTGATE_DESCRIBED_JSON(OrderTotals)
CARTGATE_DESCRIBED_JSON(Order)
CARTGATE_DESCRIBED_JSON(Customer)
CARTGATE_DESCRIBED_JSON(ProductVariant)
CARTGATE_DESCRIBED_JSON(Product)
CARTGATE_DESCRIBED_JSON(CartTotals)
CARTGATE_DESCRIBED_JSON(Cart)

#undef CARTGATE_DESCRIBED_JSON

// ---- Event -------------------------------------------------------------------------------

void tag_invoke(json::value_from_tag, json::value& jv, const Event& e) {
  const json::storage_ptr sp = jv.storage();
  Members out(sp, 9);
  out.put("id", e.id);
  out.put("type", e.type);
  out.put("store_id", e.store_id);
  out.put("platform", e.platform);
  out.put("occurred_at", e.occurred_at);
  out.put("received_at", e.received_at);
  out.put("source", e.source);
  out.put("identity", e.identity);
  out.put("data", e.data);  // Boost.JSON writes whichever entity the variant holds
  jv = std::move(out.object());
}
result<Event> tag_invoke(json::try_value_to_tag<Event>, const json::value& jv) {
  Reader r(jv);
  Event e;
  r.required("id", e.id);
  r.required("type", e.type);
  r.required("store_id", e.store_id);
  r.required("platform", e.platform);
  r.required("occurred_at", e.occurred_at);
  r.required("received_at", e.received_at);
  r.required("source", e.source);
  r.required("identity", e.identity);
  if (r.error()) return r.error();

  const json::value* data = jv.as_object().if_contains("data");
  if (data == nullptr) return error_code(schema_errc::missing_field);
  const auto take = [&e](auto parsed) -> error_code {
    if (!parsed) return parsed.error();
    e.data = std::move(*parsed);
    return {};
  };
  error_code ec;
  switch (entity_of(e.type)) {
    case Entity::order:
      ec = take(json::try_value_to<Order>(*data));
      break;
    case Entity::customer:
      ec = take(json::try_value_to<Customer>(*data));
      break;
    case Entity::product:
      ec = take(json::try_value_to<Product>(*data));
      break;
    case Entity::cart:
      ec = take(json::try_value_to<Cart>(*data));
      break;
  }
  if (ec) return ec;
  return e;
}

}  // namespace cartgate
