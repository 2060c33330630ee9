#pragma once
// Host names that are numbers in disguise. "2130706433", "0x7f000001", "127.1" and
// "0177.0.0.1" are not valid dotted-quad literals, but the C resolver (inet_aton), browsers
// (the WHATWG URL parser) and many HTTP libraries read them as IPv4 addresses, each in its own
// way. The gateway refuses them outright instead of guessing which address a peer would see.

#include <string_view>

namespace cartgate::util {

/// True when the last label of `host` (a registered name, not a bracketed or canonical
/// dotted-quad literal) is a number: decimal digits, or 0x followed by hex digits.
bool is_numeric_host_spelling(std::string_view host);

}  // namespace cartgate::util
