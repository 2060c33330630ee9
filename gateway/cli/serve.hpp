#pragma once

#include "config/config.hpp"

namespace cartgate {

/// Runs the gateway until SIGTERM/SIGINT and a graceful drain. Returns the process exit code.
int serve(const Config& config);

}  // namespace cartgate
