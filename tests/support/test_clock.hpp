#pragma once
// A wall clock a test moves forward, for the processes it starts while the clock exists: the
// gateway, the sandbox stores and the subscriber follow the offset file named by
// CARTGATE_TEST_CLOCK_FILE (gateway/util/wall_clock.hpp; the subscriber patches Date.now).
// Monotonic time, timers and Redis are untouched: only what the processes take as "now" moves.
// A cart idle for the production abandonment window (60 minutes) is one advance() away.

#include <chrono>
#include <optional>
#include <string>

namespace cartgate::test {

class TestClock {
 public:
  /// Processes started from now on run on this clock (no offset until advanced).
  TestClock();
  /// Processes started afterwards run on the system clock again.
  ~TestClock();
  TestClock(const TestClock&) = delete;
  TestClock& operator=(const TestClock&) = delete;

  /// Moves every following process's wall clock forward by `by`; each sees it within 20 ms.
  void advance(std::chrono::seconds by);

 private:
  void write_offset() const;

  std::string file_;
  std::chrono::seconds offset_{0};
  std::optional<std::string> replaced_;  // the variable's value before, if it had one
};

}  // namespace cartgate::test
