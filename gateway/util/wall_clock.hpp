#pragma once
// The wall clock the gateway and the sandbox stores read "now" from (util::unix_ms_now,
// util::now_seconds). It is the system clock, unless the process was started with
// CARTGATE_TEST_CLOCK_FILE: then it runs ahead of the system clock by the offset that file
// holds ("+3660": seconds), which an integration test raises to let an hour pass in an instant
// (a cart idle for the production abandonment window). For tests only: the gateway logs a
// warning at start when it follows one. Monotonic time (timers, timeouts) is never moved.

#include <chrono>
#include <string>

namespace cartgate::util {

/// Now, by the wall clock described above.
std::chrono::system_clock::time_point wall_now();

/// Follows the offset file named by CARTGATE_TEST_CLOCK_FILE, if set; returns its path (empty
/// when unset). Call once at start, before other threads run.
std::string follow_test_clock_from_environment();

}  // namespace cartgate::util
