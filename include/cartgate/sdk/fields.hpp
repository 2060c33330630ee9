#pragma once
// Reading one platform object for mapping: lenient where platforms are sloppy (ids as numbers
// or strings, "" for absent, money as text or integers) and exact where it matters (money
// never passes through a double; a required field that is missing or malformed is recorded
// once, with the object's name, so the connector can answer invalid_response).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include <cartgate/schema/money.hpp>
#include <cartgate/schema/time.hpp>

namespace cartgate::sdk {

using TimeParser = std::optional<Timestamp> (*)(std::string_view);

class Fields {
 public:
  /// `what` names the object in error messages ("order 727").
  Fields(const boost::json::value* value, std::string what);

  bool present() const { return object_ != nullptr; }
  const boost::json::value* find(std::string_view key) const;
  /// A nested object (absent or not an object: a Fields that is not present).
  Fields object(std::string_view key) const;
  /// A nested array, or nullptr.
  const boost::json::array* array(std::string_view key) const;

  // Optional values: absent, null, "" and wrong types read as nullopt.
  std::optional<std::string> text(std::string_view key) const;
  std::optional<std::string> id(std::string_view key) const;  // 0 and "0" are "none"
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;  // true/false, 1/0, "1"/"0"
  std::optional<Money> money(std::string_view key, std::string_view currency) const;
  std::optional<Timestamp> time(std::string_view key, TimeParser parse) const;

  // Required values: on failure record the first error and return a neutral value.
  std::string required_id(std::string_view key);
  std::string required_text(std::string_view key);
  std::int64_t required_integer(std::string_view key);
  Money required_money(std::string_view key, std::string_view currency);
  Timestamp required_time(std::string_view key, TimeParser parse);

  /// Records a problem found by the caller (keeps the first).
  void fail(std::string message);
  /// The first problem, "" when there was none.
  const std::string& error() const { return error_; }

 private:
  void missing(std::string_view key, std::string_view expected);
  const boost::json::object* object_ = nullptr;
  std::string what_;
  std::string error_;
};

}  // namespace cartgate::sdk
