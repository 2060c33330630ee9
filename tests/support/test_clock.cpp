#include "support/test_clock.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/gateway_process.hpp"

namespace cartgate::test {

namespace {
constexpr const char* kVariable = "CARTGATE_TEST_CLOCK_FILE";
}  // namespace

TestClock::TestClock()
    : file_((std::filesystem::temp_directory_path() / ("cartgate-clock-" + fresh_namespace()))
                .string()) {
  write_offset();
  if (const char* before = std::getenv(kVariable)) replaced_ = before;
  ::setenv(kVariable, file_.c_str(), 1);  // inherited by every child started from now on
}

TestClock::~TestClock() {
  if (replaced_) {
    ::setenv(kVariable, replaced_->c_str(), 1);
  } else {
    ::unsetenv(kVariable);
  }
  std::error_code ignored;
  std::filesystem::remove(file_, ignored);
}

void TestClock::advance(std::chrono::seconds by) {
  offset_ += by;
  write_offset();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // every follower has re-read it
}

void TestClock::write_offset() const {
  // Written aside and renamed over it, so no reader sees half a line.
  const std::string next = file_ + ".next";
  std::ofstream(next) << "+" << offset_.count() << "\n";
  std::filesystem::rename(next, file_);
}

}  // namespace cartgate::test
