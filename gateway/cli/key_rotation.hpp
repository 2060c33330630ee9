#pragma once
// `cartgate master-key rotate` and `cartgate master-key status`: every stored secret (store
// credentials, subscription signing secrets) re-sealed under the active master key, while
// gateways serve. Each write is a compare-and-set over the value it was made from, so a change
// made meanwhile wins; progress is printed per tenant and kept in Redis, so an interrupted
// rotation resumes where it stopped. `status` counts the secrets per key: once none is left
// under an old key, that key can be removed from every gateway's key list.

#include <string>
#include <vector>

#include "config/config.hpp"

namespace cartgate {

/// args: {"master-key", "rotate"|"status"}. Returns the process exit code (0: done and nothing
/// left under another key, 1: failure, 3: some secrets could not be opened with any key).
int run_key_rotation(const Config& config, const std::vector<std::string>& args);

}  // namespace cartgate
