#pragma once
// Faults and limits on a store's API, set through the control API: a share of requests
// answered with 5xx, added latency, a 429 storm for a while, and a request quota per window
// for platforms whose limit is the host's, not the platform's (WooCommerce, Magento).

#include <chrono>
#include <cstdint>
#include <optional>

#include "model/rng.hpp"

namespace sandbox {

struct ApiFaults {
  double error_share = 0;    // 0..1 of requests answered 503 (or 500/502)
  std::int64_t slow_ms = 0;  // added to every answer, before the request is carried out
  // Added after a write is carried out (it commits, then its answer is late): what a client's
  // timeout after commit sees. Reads are not held. WooCommerce and BigCommerce stores.
  std::int64_t late_answer_ms = 0;
  std::chrono::steady_clock::time_point storm_until{};  // 429 for everything until then
  std::int64_t quota = 0;                               // requests per window (0: unlimited)
  std::int64_t window_ms = 0;
  // Fixed window state.
  std::chrono::steady_clock::time_point window_start{};
  std::int64_t used = 0;
  Rng rng{1};
  // What the store's API answered so far (kept when the faults are replaced).
  std::int64_t requests = 0, throttled = 0, errors = 0;
};

struct ApiVerdict {
  enum class Kind { pass, error, throttled } kind = Kind::pass;
  int status = 0;                   // for error
  std::int64_t retry_after_ms = 0;  // for throttled
  std::int64_t remaining = -1;      // quota left in the window (-1: no quota)
  std::int64_t reset_ms = 0;        // until the window resets
  bool platform_load = false;       // throttled by a storm, not by the store's quota
};

/// Decides the fate of one request and counts it against the quota.
ApiVerdict judge(ApiFaults& faults, std::chrono::steady_clock::time_point now);

}  // namespace sandbox
