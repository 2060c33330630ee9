#include "model/rng.hpp"

namespace sandbox {

std::uint64_t Rng::next() {
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

Rng Rng::fork(std::string_view label) const {
  // FNV-1a of the label, mixed with the current state.
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : label)
    h = (h ^ c) * 0x100000001B3ULL;
  Rng r(state_ ^ h);
  r.next();
  return r;
}

std::int64_t Rng::between(std::int64_t lo, std::int64_t hi) {
  if (hi <= lo) return lo;
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<std::int64_t>(next() % span);
}

bool Rng::chance(double p) {
  return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p;
}

std::string Rng::hex(std::size_t chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < chars; ++i)
    out.push_back(kHex[next() % 16]);
  return out;
}

std::string Rng::alnum(std::size_t chars) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (std::size_t i = 0; i < chars; ++i)
    out.push_back(kChars[next() % 36]);
  return out;
}

std::string Rng::uuid() {
  std::string h = hex(32);
  h[12] = '4';
  h[16] = "89ab"[next() % 4];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20);
}

}  // namespace sandbox
