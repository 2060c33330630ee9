#pragma once
// Query strings the way the emulated servers read them, and the encodings their signatures use.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

struct Param {
  std::string key;
  std::string value;
};

/// PHP's $_GET: '+' is a space, %XX decoded; a repeated key keeps its last value.
std::vector<Param> php_query(std::string_view raw_query);

/// PHP rawurlencode(): everything but A-Z a-z 0-9 - _ . ~ as upper-case %XX.
std::string rawurlencode(std::string_view s);

/// PHP rawurldecode(): %XX decoded, '+' kept (a path segment).
std::string rawurldecode(std::string_view s);

/// The parameters of an `Authorization: OAuth k="v", ...` header (values rawurldecoded).
std::map<std::string, std::string> oauth_header_params(std::string_view authorization);

/// The whole of `s` as a decimal integer (ids in paths, integer parameters); false for anything
/// else, a sign, spaces or trailing text included.
bool parse_int(std::string_view s, std::int64_t& out);

/// An e-mail address as the platforms' simplest checks take it: one @ after something, a dot
/// after it, no space, not ending in a dot (each platform's own rules beyond that stay its).
bool plausible_email(std::string_view e);

/// The value of `key` in `params`, if present.
std::optional<std::string> param(const std::vector<Param>& params, std::string_view key);

}  // namespace sandbox
