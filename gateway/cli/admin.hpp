#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace cartgate {

/// `cartgate key ...` and `cartgate tenant ...`: talk to Redis directly and print JSON to
/// stdout. Returns the process exit code.
int run_admin(const Config& config, const std::vector<std::string>& args);

}  // namespace cartgate
