#include "shop_write_support.hpp"

#include <cartgate/sdk/answers.hpp>
#include <cartgate/sdk/platform_json.hpp>

#include "shop_graphql.hpp"
#include "shop_reads.hpp"

namespace cartgate::shop {

namespace json = boost::json;

std::variant<json::object, StepOutcome> data_of(const StepInput& in) {
  auto data = answer(in.responses.front(), nullptr, in.call.storage);
  if (auto* failed = std::get_if<StepOutcome>(&data)) return std::move(*failed);
  auto& value = std::get<json::value>(data);
  if (!value.is_object()) return sdk::malformed(kName, "no data");
  return std::move(value.as_object());
}

StepOutcome with_observation(StepOutcome out, const StepInput& in) {
  for (const auto& r : in.responses) {
    auto body = sdk::parse_platform_json(r.body);
    out.observations.push_back(observe(r, body ? &*body : nullptr));
  }
  return out;
}

std::optional<StepOutcome> user_errors(const json::object& payload, std::string_view key) {
  const auto* errors = payload.if_contains(key);
  if (errors == nullptr || !errors->is_array() || errors->as_array().empty()) return std::nullopt;
  std::string said;
  for (const auto& e : errors->as_array()) {
    const auto* m = e.is_object() ? e.as_object().if_contains("message") : nullptr;
    if (m != nullptr && m->is_string())
      said += (said.empty() ? "" : "; ") + std::string(m->get_string());
  }
  // A 200 answer whose userErrors refuse the mutation: the platform's refusal.
  return StepOutcome::fail(ConnectorErrorKind::invalid_query,
                           "Shopify rejected the write: " + said.substr(0, 500) + ".", 200);
}

StepOutcome read_entity(const StepInput& in, Entity entity, const std::string& id,
                        std::string_view state) {
  Call call;
  call.kind = CallKind::read;
  call.read.entity = entity;
  call.read.verb = ReadVerb::info;
  call.read.id = id;
  call.storage = in.call.storage;
  const StepInput read{in.store, call, in.env, state, in.responses};
  return state.empty() ? start_read(read) : continue_read(read);
}

void MutationDocument::add(std::string_view variable, std::string_view type, json::value value,
                           std::string_view field) {
  declared.append(declared.empty() ? "" : ", ").append("$").append(variable).append(": ");
  declared.append(type);
  variables[variable] = std::move(value);
  if (!field.empty()) fields.append(" ").append(field);
}

StepOutcome read_back(const StepInput& in, Entity entity, const std::string& id,
                      std::string_view state) {
  StepOutcome out = read_entity(in, entity, id, state);
  if (out.kind == StepKind::requests) out.state = std::string(kReadBack) + out.state;
  return out;
}

}  // namespace cartgate::shop
