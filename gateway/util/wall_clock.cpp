#include "util/wall_clock.hpp"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <mutex>

namespace cartgate::util {

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using std::chrono::system_clock;

// The file is read again at most this often: a test's advance is seen within it, and a process
// that reads the clock on every request does not read a file on every request.
constexpr auto kReread = milliseconds(20);

struct TestClock {
  std::atomic<bool> following{false};
  std::string path;  // set once, before `following`
  std::atomic<std::int64_t> offset_ms{0};
  std::atomic<std::int64_t> next_read{0};  // steady ns
  std::mutex reading;
};

TestClock& test_clock() {
  static TestClock clock;
  return clock;
}

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             steady_clock::now().time_since_epoch())
      .count();
}

// "+3660" or "3660": seconds ahead; anything unreadable keeps the last offset.
void reread(TestClock& c) {
  std::lock_guard lock(c.reading);
  const std::int64_t now = steady_ns();
  if (now < c.next_read.load(std::memory_order_relaxed)) return;
  std::ifstream in(c.path);
  long long seconds = 0;
  char sign = '+';
  if (in >> sign) {
    if (sign != '+') in.unget();
    if (in >> seconds) c.offset_ms.store(seconds * 1000, std::memory_order_relaxed);
  }
  c.next_read.store(now + std::chrono::duration_cast<std::chrono::nanoseconds>(kReread).count(),
                    std::memory_order_relaxed);
}

}  // namespace

system_clock::time_point wall_now() {
  TestClock& c = test_clock();
  if (!c.following.load(std::memory_order_acquire)) return system_clock::now();
  if (steady_ns() >= c.next_read.load(std::memory_order_relaxed)) reread(c);
  return system_clock::now() + milliseconds(c.offset_ms.load(std::memory_order_relaxed));
}

std::string follow_test_clock_from_environment() {
  // Called at start, single-threaded.
  const char* path = std::getenv("CARTGATE_TEST_CLOCK_FILE");  // NOLINT(concurrency-mt-unsafe)
  if (path == nullptr || *path == '\0') return "";
  TestClock& c = test_clock();
  c.path = path;
  reread(c);
  c.following.store(true, std::memory_order_release);
  return c.path;
}

}  // namespace cartgate::util
