#pragma once
// splitmix64: small, fast, and identical on every platform, so a seed always gives the same
// stores, the same data and the same injected faults.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sandbox {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  /// An independent stream for `label` (a store, a fault kind), stable across runs.
  Rng fork(std::string_view label) const;

  std::uint64_t next();
  /// Uniform in [lo, hi].
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  /// True with probability `p` (0..1).
  bool chance(double p);
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(items.size()) - 1))];
  }
  std::string hex(std::size_t chars);
  std::string alnum(std::size_t chars);  // lower-case letters and digits
  std::string uuid();

 private:
  std::uint64_t state_;
};

}  // namespace sandbox
