#pragma once
// What every WooCommerce write reads the same way: a refusal with WooCommerce's reason, and
// whether an earlier attempt's order note is there.

#include <optional>
#include <string>

#include <cartgate/connector.hpp>

namespace cartgate::woo {

/// The outcome for a write WooCommerce refused (`r` is not 2xx), with its code and message.
StepOutcome refused_write(const HttpResponse& r);

/// Whether the notes answer (orders/<id>/notes) holds `text` created at or after `since`,
/// less the clock skew sdk::may_be_the_attempts allows.
bool holds_note(const HttpResponse& r, const std::string& text, std::optional<Timestamp> since);

}  // namespace cartgate::woo
