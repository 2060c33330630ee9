#include "model/api_faults.hpp"

namespace sandbox {

using namespace std::chrono;

namespace {

ApiVerdict judge_uncounted(ApiFaults& f, steady_clock::time_point now) {
  ApiVerdict v;
  if (now < f.storm_until) {
    v.kind = ApiVerdict::Kind::throttled;
    v.retry_after_ms = duration_cast<milliseconds>(f.storm_until - now).count();
    v.remaining = 0;
    v.reset_ms = v.retry_after_ms;
    v.platform_load = true;
    return v;
  }
  if (f.quota > 0) {
    const auto window = milliseconds(f.window_ms);
    if (now - f.window_start >= window) {
      f.window_start = now;
      f.used = 0;
    }
    v.reset_ms = duration_cast<milliseconds>(f.window_start + window - now).count();
    if (f.used >= f.quota) {
      v.kind = ApiVerdict::Kind::throttled;
      v.retry_after_ms = v.reset_ms;
      v.remaining = 0;
      return v;
    }
    ++f.used;
    v.remaining = f.quota - f.used;
  }
  if (f.error_share > 0 && f.rng.chance(f.error_share)) {
    v.kind = ApiVerdict::Kind::error;
    static constexpr int kStatuses[] = {503, 500, 502};
    v.status = kStatuses[f.rng.between(0, 2)];
  }
  return v;
}

}  // namespace

ApiVerdict judge(ApiFaults& f, steady_clock::time_point now) {
  ApiVerdict v = judge_uncounted(f, now);
  ++f.requests;
  if (v.kind == ApiVerdict::Kind::throttled) ++f.throttled;
  if (v.kind == ApiVerdict::Kind::error) ++f.errors;
  return v;
}

}  // namespace sandbox
