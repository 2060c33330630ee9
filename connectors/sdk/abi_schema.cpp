// JSON Schema (2020-12) of the plugin ABI messages, generated from the same descriptions as the
// codec (abi_records.hpp), so the published shapes (schema/abi/v1/) cannot drift from what the
// gateway reads and writes. A member a message must carry is `required`; the others may be
// left out and take their default.
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/json.hpp>

#include "abi_records.hpp"
#include "described.hpp"

namespace cartgate::abi {

namespace json = boost::json;

namespace {

// Collects the records a message reaches under "$defs", each once.
class SchemaWriter {
 public:
  template <class T>
  json::value of() {
    if constexpr (std::is_same_v<T, std::string>) {
      return json::object{{"type", "string"}};
    } else if constexpr (std::is_same_v<T, bool>) {
      return json::object{{"type", "boolean"}};
    } else if constexpr (std::is_same_v<T, int>) {
      return json::object{{"type", "integer"},
                          {"minimum", std::numeric_limits<int>::min()},
                          {"maximum", std::numeric_limits<int>::max()}};
    } else if constexpr (std::is_same_v<T, std::int64_t>) {
      return json::object{{"type", "integer"}};
    } else if constexpr (std::is_same_v<T, double>) {
      return json::object{{"type", "number"}};
    } else if constexpr (std::is_same_v<T, Timestamp>) {
      return json::object{{"type", "string"}, {"format", "date-time"}};
    } else if constexpr (std::is_same_v<T, json::value>) {
      return json::object{{"description", "Any JSON: the connector's own."}};
    } else if constexpr (std::is_same_v<T, HttpHeader>) {
      // A header is [name, value], so repeated names keep their order.
      return json::object{{"type", "array"},
                          {"prefixItems", json::array{of<std::string>(), of<std::string>()}},
                          {"items", false},
                          {"minItems", 2}};
    } else if constexpr (std::is_same_v<T, std::map<std::string, std::string>>) {
      return json::object{{"type", "object"}, {"additionalProperties", of<std::string>()}};
    } else if constexpr (std::is_enum_v<T>) {
      json::array names;
      for (auto name : EnumNames<T>::names)
        names.emplace_back(name);
      return json::object{{"enum", std::move(names)}};
    } else if constexpr (detail::is_vector<T>::value) {
      return json::object{{"type", "array"}, {"items", of<typename T::value_type>()}};
    } else if constexpr (detail::is_optional<T>::value) {
      return json::object{
          {"anyOf", json::array{of<typename T::value_type>(), json::object{{"type", "null"}}}}};
    } else {
      static_assert(detail::AbiRecord<T>, "a member type the ABI schema does not know");
      return ref<T>();
    }
  }

  template <detail::AbiRecord T>
  json::value ref() {
    const std::string name(detail::facts_of<T>().name);
    if (!defs_.contains(name)) {
      defs_[name] = nullptr;  // taken before the members, in case a record reaches itself
      json::object properties;
      json::array required;
      visit_members<T>([&](std::string_view member, auto tag) {
        using Member = typename decltype(tag)::type;
        properties[member] = of<Member>();
        if (detail::abi_member_required<T>(member)) required.emplace_back(member);
      });
      defs_[name] = json::object{{"type", "object"},
                                 {"properties", std::move(properties)},
                                 {"required", std::move(required)}};
    }
    return json::object{{"$ref", "#/$defs/" + name}};
  }

  json::object take_defs() { return std::move(defs_); }

 private:
  template <class T>
  struct Tag {
    using type = T;
  };
  // Each described member's name and type, in order, without an instance.
  template <class T, class Visit>
  static void visit_members(Visit&& visit) {
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto member) {
          using Member = std::remove_cvref_t<decltype(std::declval<T&>().*member.pointer)>;
          visit(std::string_view(member.name), Tag<Member>{});
        });
  }

  json::object defs_;
};

json::value document(std::string_view message, std::string_view title, json::value root,
                     SchemaWriter& writer) {
  json::object doc{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                   {"$id", "https://cartgate.dev/schema/abi/v1/" + std::string(message) + ".json"},
                   {"title", title}};
  for (auto& [key, value] : root.as_object())
    doc[key] = std::move(value);
  doc["$defs"] = writer.take_defs();
  return doc;
}

// A step outcome's members depend on its kind, so it is written out here rather than described:
// "requests" needs its requests, "failed" its error.
json::value step_outcome_root(SchemaWriter& w) {
  const json::value requests = w.of<std::vector<HttpRequest>>();
  const json::value error = w.of<ConnectorError>();
  json::object properties{
      {"kind", w.of<StepKind>()},      {"observations", w.of<std::vector<RateLimitObservation>>()},
      {"requests", requests},          {"state", w.of<std::string>()},
      {"result", w.of<json::value>()}, {"error", error}};
  // The kind's own member is required; ajv's strict mode wants it defined where it is required.
  const auto when = [](std::string_view kind, std::string_view member, const json::value& schema) {
    return json::object{
        {"if", json::object{{"properties", json::object{{"kind", json::object{{"const", kind}}}}}}},
        {"then", json::object{{"properties", json::object{{member, schema}}},
                              {"required", json::array{member}}}}};
  };
  return json::object{{"type", "object"},
                      {"properties", std::move(properties)},
                      {"required", json::array{"kind"}},
                      {"allOf", json::array{when("requests", "requests", requests),
                                            when("failed", "error", error)}}};
}

}  // namespace

std::span<const std::string_view> message_names() {
  static constexpr std::array<std::string_view, 5> names{"manifest", "step_input", "step_outcome",
                                                         "webhook_input", "webhook_result"};
  return names;
}

json::value message_schema(std::string_view message) {
  SchemaWriter w;
  if (message == "manifest") return document(message, "Manifest", w.ref<Manifest>(), w);
  if (message == "step_input") return document(message, "Step input", w.ref<OwnedStepInput>(), w);
  if (message == "step_outcome") return document(message, "Step outcome", step_outcome_root(w), w);
  if (message == "webhook_input") {
    return document(message, "Webhook input", w.ref<OwnedWebhookInput>(), w);
  }
  if (message == "webhook_result") {
    return document(message, "Webhook result", w.ref<WebhookResult>(), w);
  }
  return nullptr;
}

}  // namespace cartgate::abi
