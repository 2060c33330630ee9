#pragma once
// A write call's parameters (Call::params of a CallKind::write call) as every connector reads
// them: the operation, the entity's id, the changes, and whether to reconcile an earlier
// attempt. What each change means stays the connector's.

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <cartgate/connector.hpp>

namespace cartgate::sdk {

struct WriteParams {
  std::string id;                                // numeric, safe in a URL path
  const boost::json::object* changes = nullptr;  // into the call's params; never empty
  bool reconcile = false;          // an earlier attempt's outcome is unknown: read back first
  std::optional<Timestamp> since;  // when that attempt began
};

/// The parameters of a write of `operation` on a platform whose ids are numeric, or the outcome
/// to fail with: unsupported for another operation, not_found for an id that is not numeric
/// (no request can name it), invalid_query without changes. `platform` names it in messages.
boost::system::result<WriteParams, StepOutcome> numeric_id_write(const Call& call,
                                                                 std::string_view operation,
                                                                 std::string_view platform);

}  // namespace cartgate::sdk
