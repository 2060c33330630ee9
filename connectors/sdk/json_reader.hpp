#pragma once
// Internal to the SDK: strict, non-throwing field reading for Boost.JSON objects, shared by the
// schema conversions and the plugin ABI codec. Types without an overload here are read through
// their boost::json::try_value_to customisation.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/json.hpp>

#include <cartgate/schema/enums.hpp>
#include <cartgate/schema/json.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate::detail {

namespace json = boost::json;

// Reads fields of one object; remembers the first error and ignores later reads.
class JsonReader {
 public:
  explicit JsonReader(const json::value& jv) : obj_(jv.if_object()) {
    if (obj_ == nullptr) err_ = schema_errc::not_an_object;
  }
  boost::system::error_code error() const { return err_; }
  const json::object* object() const { return obj_; }

  template <class T>
  void required(std::string_view key, T& out) {
    if (err_) return;
    const json::value* v = obj_->if_contains(key);
    if (v == nullptr) {
      err_ = schema_errc::missing_field;
      return;
    }
    read(*v, out);
  }
  // A key that may be absent or null; both leave `out` empty.
  template <class T>
  void optional(std::string_view key, std::optional<T>& out) {
    if (err_) return;
    const json::value* v = obj_->if_contains(key);
    if (v == nullptr || v->is_null()) {
      out.reset();
      return;
    }
    T tmp{};
    read(*v, tmp);
    if (!err_) out = std::move(tmp);
  }
  // A key that may be absent or null; both leave `out` at its default.
  template <class T>
  void defaulted(std::string_view key, T& out) {
    if (err_) return;
    const json::value* v = obj_->if_contains(key);
    if (v != nullptr && !v->is_null()) read(*v, out);
  }
  // Copies any JSON value (absent becomes null).
  void any(std::string_view key, json::value& out) {
    if (err_) return;
    const json::value* v = obj_->if_contains(key);
    out = v ? *v : json::value(nullptr);
  }

  void read(const json::value& v, std::string& out) {
    if (const auto* s = v.if_string()) {
      out.assign(s->data(), s->size());
    } else {
      err_ = schema_errc::wrong_type;
    }
  }
  void read(const json::value& v, bool& out) {
    if (const auto* b = v.if_bool()) {
      out = *b;
    } else {
      err_ = schema_errc::wrong_type;
    }
  }
  void read(const json::value& v, std::int64_t& out) {
    if (const auto* i = v.if_int64()) {
      out = *i;
    } else if (const auto* u = v.if_uint64(); u && *u <= INT64_MAX) {
      out = static_cast<std::int64_t>(*u);
    } else {
      err_ = schema_errc::wrong_type;
    }
  }
  void read(const json::value& v, int& out) {
    std::int64_t wide = 0;
    read(v, wide);
    if (err_) return;
    if (wide < INT32_MIN || wide > INT32_MAX) {
      err_ = schema_errc::wrong_type;
      return;
    }
    out = static_cast<int>(wide);
  }
  void read(const json::value& v, double& out) {
    if (v.is_number()) {
      out = v.to_number<double>();
    } else {
      err_ = schema_errc::wrong_type;
    }
  }
  void read(const json::value& v, Timestamp& out) {
    const auto* s = v.if_string();
    if (s == nullptr) {
      err_ = schema_errc::wrong_type;
      return;
    }
    if (auto t = parse_rfc3339(*s)) {
      out = *t;
    } else {
      err_ = schema_errc::invalid_timestamp;
    }
  }
  template <class E>
  requires std::is_enum_v<E>
  void read(const json::value& v, E& out) {
    const auto* s = v.if_string();
    if (s == nullptr) {
      err_ = schema_errc::wrong_type;
      return;
    }
    if (auto e = enum_from_name<E>(*s)) {
      out = *e;
    } else {
      err_ = schema_errc::unknown_enum_value;
    }
  }
  template <class T>
  void read(const json::value& v, std::vector<T>& out) {
    const auto* a = v.if_array();
    if (a == nullptr) {
      err_ = schema_errc::wrong_type;
      return;
    }
    out.clear();
    out.reserve(a->size());
    for (const auto& item : *a) {
      T tmp{};
      read(item, tmp);
      if (err_) return;
      out.push_back(std::move(tmp));
    }
  }
  void read(const json::value& v, std::map<std::string, std::string>& out) {
    const auto* o = v.if_object();
    if (o == nullptr) {
      err_ = schema_errc::wrong_type;
      return;
    }
    out.clear();
    for (const auto& kv : *o) {
      std::string value;
      read(kv.value(), value);
      if (err_) return;
      out.emplace(std::string(kv.key()), std::move(value));
    }
  }
  template <class T>
  void read(const json::value& v, std::optional<T>& out) {
    if (v.is_null()) {
      out.reset();
      return;
    }
    T tmp{};
    read(v, tmp);
    if (!err_) out = std::move(tmp);
  }
  template <class T>
  requires(!std::is_enum_v<T>) void read(const json::value& v, T& out) {
    auto r = json::try_value_to<T>(v);
    if (r) {
      out = std::move(*r);
    } else {
      err_ = r.error();
    }
  }

 private:
  const json::object* obj_;
  boost::system::error_code err_;
};

template <class T>
boost::system::result<std::decay_t<T>> finish(const JsonReader& r, T&& value) {
  if (r.error()) return r.error();
  return std::forward<T>(value);
}

// ---- writing helpers -----------------------------------------------------------------------
// Each builds its value in `sp`, the storage of the document it goes into: a value built in
// other storage would be copied, node by node, when it is put in place.

inline json::value to_json(const std::string& s, const json::storage_ptr& sp = {}) {
  return json::string(s, sp);
}
inline json::value to_json(bool b, const json::storage_ptr& sp = {}) {
  return json::value(b, sp);
}
inline json::value to_json(std::int64_t i, const json::storage_ptr& sp = {}) {
  return json::value(i, sp);
}
inline json::value to_json(int i, const json::storage_ptr& sp = {}) {
  return json::value(static_cast<std::int64_t>(i), sp);
}
inline json::value to_json(double d, const json::storage_ptr& sp = {}) {
  return json::value(d, sp);
}
inline json::value to_json(Timestamp t, const json::storage_ptr& sp = {}) {
  char text[kRfc3339Capacity];
  return json::string(std::string_view(text, write_rfc3339(t, text)), sp);
}
template <class E>
requires std::is_enum_v<E> json::value to_json(E e, const json::storage_ptr& sp = {}) {
  return json::string(enum_name(e), sp);
}
template <class T>
json::value to_json(const T& v,
                    const json::storage_ptr& sp = {}) requires(!std::is_enum_v<T> &&
                                                               requires { json::value_from(v); }) {
  return json::value_from(v, sp);
}
template <class T>
json::value to_json(const std::optional<T>& v, const json::storage_ptr& sp = {}) {
  return v ? to_json(*v, sp) : json::value(nullptr, sp);
}
template <class T>
json::value to_json(const std::vector<T>& items, const json::storage_ptr& sp = {}) {
  json::array a(sp);
  a.reserve(items.size());
  for (const auto& i : items)
    a.push_back(to_json(i, sp));
  return a;
}
inline json::value to_json(const std::map<std::string, std::string>& m,
                           const json::storage_ptr& sp = {}) {
  json::object o(sp);
  o.reserve(m.size());
  for (const auto& [k, v] : m)
    o[k] = v;
  return o;
}

}  // namespace cartgate::detail
