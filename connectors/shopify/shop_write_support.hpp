#pragma once
// What every Shopify write step does with an answer: take its data or the failure it stands
// for, keep what it said of the cost bucket, turn a mutation's userErrors into a refusal, and
// end by reading the entity back as order.info or product.info reads it.

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/json/object.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::shop {

/// The first answer's data, or the failure it stands for.
std::variant<boost::json::object, StepOutcome> data_of(const StepInput& in);

/// `out` with what the answers said of the store's cost bucket.
StepOutcome with_observation(StepOutcome out, const StepInput& in);

/// A mutation's user errors (payload[key]) as a refusal with Shopify's messages; nullopt when
/// there are none.
std::optional<StepOutcome> user_errors(const boost::json::object& payload, std::string_view key);

/// A mutation document built from parts, each with the variable it declares: one request runs
/// them all, in the order added (Shopify runs a document's mutation fields one after another).
struct MutationDocument {
  std::string declared, fields;
  boost::json::object variables;

  /// Declares `$variable: type` with `value`; `field` (may be empty) is run.
  void add(std::string_view variable, std::string_view type, boost::json::value value,
           std::string_view field);
  std::string document() const { return "mutation(" + declared + ") {" + fields + " }"; }
};

/// One step of order.info or product.info (`entity`) for `id` (legacy numeric id), through the
/// connector's own reads: `state` empty starts it, otherwise it is the read's state from its
/// previous step.
StepOutcome read_entity(const StepInput& in, Entity entity, const std::string& id,
                        std::string_view state);

/// The state prefix of the read that ends a write (the read's own state follows it).
inline constexpr std::string_view kReadBack = "read:";
/// read_entity for a write's last step, its state marked with kReadBack: `state` is what
/// followed that mark (empty: the read begins).
StepOutcome read_back(const StepInput& in, Entity entity, const std::string& id,
                      std::string_view state);

}  // namespace cartgate::shop
